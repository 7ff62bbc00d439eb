package dev.cognate.devidp.pages;

/** A server-rendered page: its template, the nonce its inline style and script carry, and where its forms may go. */
public sealed interface Page permits SignInPage, ConsentPage, ErrorPage, FormPostPage, SignedOutPage {
    String template();

    String nonce();

    /**
     * CSP form-action sources: {@code 'none'} when no form; null for no form-action directive. Browsers apply
     * form-action to every redirect after a form submission, and the answer of a sign-in goes to the app, which may
     * redirect onward (a broker such as Cognito sends the browser to its own app next), as Entra allows.
     */
    String formAction();
}
