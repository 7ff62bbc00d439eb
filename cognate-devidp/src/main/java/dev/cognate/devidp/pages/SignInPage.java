package dev.cognate.devidp.pages;

import java.util.List;

/** Pick a test user and enter the password. {@code flowToken} is the CSRF token bound to the browser session. */
public record SignInPage(String nonce, String formAction, String action, String ctx, String flowToken, String appName,
                         List<Choice> users, String error) implements Page {
    public record Choice(String signInName, String displayName, String description, boolean selected, boolean signedIn) {}

    @Override
    public String template() {
        return "signin.jte";
    }
}
