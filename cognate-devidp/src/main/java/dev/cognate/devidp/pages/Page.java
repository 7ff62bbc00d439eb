package dev.cognate.devidp.pages;

/** A server-rendered page: its template, the nonce its inline style and script carry, and where its forms may go. */
public sealed interface Page permits SignInPage, ConsentPage, ErrorPage, FormPostPage, SignedOutPage {
    String template();

    String nonce();

    /** CSP form-action sources (also governs redirects after a form submission): {@code 'none'} when no form. */
    String formAction();
}
