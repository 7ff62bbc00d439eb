package dev.cognate.devidp.pages;

import java.util.List;

/** The consent prompt: the app, the signed-in account and the permissions asked for. */
public record ConsentPage(String nonce, String formAction, String action, String ctx, String flowToken, String appName,
                          String publisherDomain, String account, List<String> permissions) implements Page {
    @Override
    public String template() {
        return "consent.jte";
    }
}
