package dev.cognate.devidp.pages;

import java.util.List;

/** response_mode=form_post: an auto-submitting form to the (validated) redirect URI. */
public record FormPostPage(String nonce, String formAction, String action, List<Field> fields) implements Page {
    public record Field(String name, String value) {}

    @Override
    public String template() {
        return "formpost.jte";
    }
}
