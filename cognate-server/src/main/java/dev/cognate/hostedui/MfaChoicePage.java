package dev.cognate.hostedui;

/**
 * The page where a user picks a second factor: with {@code setup}, the one to set up (a pool that
 * requires MFA and offers e-mailed codes, the API's MFA_SETUP); otherwise the one to answer now,
 * for a user with an authenticator app and e-mailed codes, neither preferred (SELECT_MFA_TYPE).
 */
public record MfaChoicePage(String appName, String csrfToken, String signIn, boolean setup, String error) {}
