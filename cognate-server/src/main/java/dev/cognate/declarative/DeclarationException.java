package dev.cognate.declarative;

/** A declaration that cannot be applied as written: unreadable, misshapen, or naming an unset variable. Nothing was changed. */
public final class DeclarationException extends RuntimeException {
    public DeclarationException(String message) {
        super(message);
    }
}
