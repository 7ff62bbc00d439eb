package dev.cognate.hostedui;

/** The page where a user with an authenticator app and e-mailed codes, neither preferred, picks one (SELECT_MFA_TYPE). */
public record MfaChoicePage(String appName, String csrfToken, String signIn, String error) {}
