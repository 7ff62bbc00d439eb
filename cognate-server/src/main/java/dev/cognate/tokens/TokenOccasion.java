package dev.cognate.tokens;

/** Why tokens are minted; a pre token generation trigger hears it as its {@code triggerSource}. */
public enum TokenOccasion {
    /** The hosted UI or a federated sign-in (code or implicit grant). */
    HOSTED_AUTH("TokenGeneration_HostedAuth"),
    /** InitiateAuth / AdminInitiateAuth with a password. */
    AUTHENTICATION("TokenGeneration_Authentication"),
    /** The answer to NEW_PASSWORD_REQUIRED. */
    NEW_PASSWORD_CHALLENGE("TokenGeneration_NewPasswordChallenge"),
    REFRESH_TOKENS("TokenGeneration_RefreshTokens"),
    /** The client_credentials grant: no user. */
    CLIENT_CREDENTIALS("TokenGeneration_ClientCredentials");

    private final String triggerSource;

    TokenOccasion(String triggerSource) {
        this.triggerSource = triggerSource;
    }

    public String triggerSource() {
        return triggerSource;
    }
}
