package dev.cognate.store;

/**
 * An app client's session settings (Cognito's SSOSession): for how many minutes after the
 * user's last fresh authentication the client's hosted sign-in reuses the browser's session
 * instead of asking the user again (0: never).
 */
public record ClientSessionSettings(int ssoMaxValidityMinutes) {
    public static final ClientSessionSettings DEFAULT = new ClientSessionSettings(60);
    public static final int MAX_VALIDITY_MINUTES = 129_600;
}
