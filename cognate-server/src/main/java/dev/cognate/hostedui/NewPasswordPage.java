package dev.cognate.hostedui;

import java.util.List;

/** The first-sign-in page of a user whose password is temporary (FORCE_CHANGE_PASSWORD). */
public record NewPasswordPage(String appName, String csrfToken, String signIn, List<String> rules, String error) {}
