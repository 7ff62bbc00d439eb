package dev.cognate.store;

/** An insert collided with an existing row's unique key. */
public final class DuplicateKeyException extends RuntimeException {
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
