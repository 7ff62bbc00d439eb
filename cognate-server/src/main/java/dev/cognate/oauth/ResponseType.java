package dev.cognate.oauth;

import java.util.Optional;

/** The response types of Cognito's authorize endpoint, and the OAuth flow of the client each needs. */
public enum ResponseType {
    /** The authorization code grant (AllowedOAuthFlows {@code code}). */
    CODE("code", "code"),
    /** The implicit grant: tokens in the redirect's fragment (AllowedOAuthFlows {@code implicit}). */
    TOKEN("token", "implicit");

    private final String value;
    private final String clientFlow;

    ResponseType(String value, String clientFlow) {
        this.value = value;
        this.clientFlow = clientFlow;
    }

    public String value() {
        return value;
    }

    /** The AllowedOAuthFlows entry a client needs for this response type. */
    public String clientFlow() {
        return clientFlow;
    }

    public static Optional<ResponseType> parse(String value) {
        for (ResponseType type : values()) {
            if (type.value.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
