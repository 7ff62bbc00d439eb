package dev.cognate.federation;

import dev.cognate.config.SocialEndpoints;

/**
 * Google's issuer rule: its ID tokens say {@code https://accounts.google.com} or, from some of
 * its endpoints, {@code accounts.google.com} (Google's OpenID Connect documentation, "iss").
 * Both name the same issuer; a user is keyed under the first, so the form a token used does not
 * make the same person two users.
 */
public final class GoogleIssuers {
    public static final String WITHOUT_SCHEME = "accounts.google.com";

    private GoogleIssuers() {}

    /** Whether {@code issuer} is Google's, in either form. */
    public static boolean isGoogle(String issuer) {
        return SocialEndpoints.Google.ISSUER.equals(issuer) || WITHOUT_SCHEME.equals(issuer);
    }

    /**
     * The issuer a token must name exactly, given the provider's configured issuer and the one
     * the token claims: Google's other form where both are Google's, else the configured one.
     */
    public static String expected(String configured, String claimed) {
        return SocialEndpoints.Google.ISSUER.equals(configured) && WITHOUT_SCHEME.equals(claimed) ? WITHOUT_SCHEME : configured;
    }
}
