package dev.cognate.hostedui;

import java.util.List;

/**
 * The hosted sign-in page: the app's name, one button per identity provider enabled for the
 * client, and the username/password form when the pool's own users may sign in.
 *
 * @param query the authorize parameters, carried through the form unchanged
 */
public record LoginPage(String appName, List<ProviderButton> providers, boolean passwordForm, String csrfToken,
                        List<Hidden> query, String username, String error) {

    public record ProviderButton(String label, String href) {}

    public record Hidden(String name, String value) {}
}
