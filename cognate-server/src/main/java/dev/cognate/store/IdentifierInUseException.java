package dev.cognate.store;

/** An IdP identifier that another identity provider of the same pool already holds. */
public final class IdentifierInUseException extends RuntimeException {
    private final String identifier;

    public IdentifierInUseException(String identifier, Throwable cause) {
        super("identifier in use: " + identifier, cause);
        this.identifier = identifier;
    }

    public String identifier() {
        return identifier;
    }
}
