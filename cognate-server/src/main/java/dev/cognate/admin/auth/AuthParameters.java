package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import java.util.Map;

/**
 * The string map of AuthParameters (InitiateAuth) or ChallengeResponses
 * (RespondToAuthChallenge), read the way Cognito reads it: a missing or empty required key
 * is "Missing required parameter KEY".
 */
record AuthParameters(Map<String, String> values) {
    static AuthParameters of(Map<String, String> values) {
        return new AuthParameters(values == null ? Map.of() : values);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw AwsException.invalidParameter("Missing required parameter " + name);
        }
        return value;
    }

    /** The value, or null when absent or empty. */
    String optional(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Leaves the values (passwords, tokens) out, so a logged request never carries them. */
    @Override
    public String toString() {
        return "AuthParameters" + values.keySet();
    }
}
