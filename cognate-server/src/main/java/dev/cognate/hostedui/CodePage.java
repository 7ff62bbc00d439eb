package dev.cognate.hostedui;

import java.util.List;

/**
 * A page that asks for a code sent by e-mail or SMS: confirming a sign-up ({@code /confirm}), or
 * resetting a password ({@code /confirmForgotPassword}, with the new password).
 *
 * @param askUsername  whether the page asks who is confirming (reached without signing up in this sign-in)
 * @param newPassword  whether the page asks for a new password too
 * @param resendAction where "Send a new code" posts, or null
 */
public record CodePage(String title, String appName, String csrfToken, String signIn, String action,
                       String submitLabel, boolean askUsername, String username, boolean newPassword,
                       List<String> rules, String resendAction, String signInHref, String notice, String error) {}
