package dev.cognate.hostedui;

import java.util.List;

/**
 * The hosted sign-in page: the app's name, one button per identity provider enabled for the
 * client, and the username/password form when the pool's own users may sign in.
 *
 * @param signIn     the sign-in transaction's id, carried by the form
 * @param signUpHref the "Sign up" link, or null when the pool lets only administrators create users
 * @param forgotHref the "Forgot your password?" link
 * @param notice     what was just done (a password reset), or null
 * @param passkeyOptions the request options of a passkey sign-in (JSON), or null where the pool allows none
 * @param emailCode  whether the form offers a code mailed to the user instead of the password
 */
public record LoginPage(String appName, List<ProviderButton> providers, boolean passwordForm, String csrfToken,
                        String signIn, String username, String error, String signUpHref, String forgotHref,
                        String notice, String passkeyOptions, boolean emailCode, boolean textCode) {

    public record ProviderButton(String label, String href) {}
}
