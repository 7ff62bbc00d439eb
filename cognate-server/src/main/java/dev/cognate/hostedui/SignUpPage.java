package dev.cognate.hostedui;

import java.util.List;

/**
 * The hosted sign-up page: a username (or the e-mail address or phone number a pool signs in
 * with), the pool's required attributes (and those it verifies), and a password.
 */
public record SignUpPage(String appName, String csrfToken, String signIn, String usernameLabel, String username,
                         List<Field> fields, List<String> rules, String signInHref, String error) {

    /** One attribute's input; {@code value} is what the user typed before (never a password). */
    public record Field(String id, String name, String label, String autocomplete, boolean required, String value) {}
}
