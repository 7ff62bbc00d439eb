package dev.cognate.devidp.pages;

/** Shown after sign-out when there is no registered place to return to. */
public record SignedOutPage(String nonce) implements Page {
    @Override
    public String template() {
        return "signedout.jte";
    }

    @Override
    public String formAction() {
        return "'none'";
    }
}
