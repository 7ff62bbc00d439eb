package dev.cognate.hostedui;

/** The first page of a forgotten password: who is asking for a reset code. */
public record ForgotPasswordPage(String appName, String csrfToken, String signIn, String username, String signInHref,
                                 String error) {}
