package dev.cognate.oauth;

/**
 * A page that says what went wrong and what to do, for when no app can be trusted with the error.
 *
 * @param linkHref  where the page's one link leads (a same-site path), or null for no link
 * @param linkLabel the link's text
 */
public record ErrorPage(String title, String message, String hint, String linkHref, String linkLabel) {

    public ErrorPage(String title, String message, String hint) {
        this(title, message, hint, null, null);
    }

    public ErrorPage withLink(String href, String label) {
        return new ErrorPage(title, message, hint, href, label);
    }
}
