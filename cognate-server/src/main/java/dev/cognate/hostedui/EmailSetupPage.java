package dev.cognate.hostedui;

/**
 * The page that asks a user setting up e-mailed codes where to send them ({@code address}: the
 * one given before, else the user's own, else empty).
 */
public record EmailSetupPage(String appName, String csrfToken, String signIn, String address, String signInHref,
                             String error) {}
