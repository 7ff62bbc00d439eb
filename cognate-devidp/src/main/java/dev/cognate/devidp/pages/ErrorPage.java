package dev.cognate.devidp.pages;

/** Entra's own error page: shown instead of redirecting when the client or the redirect URI cannot be trusted. */
public record ErrorPage(String nonce, String message, String traceId, String correlationId, String timestamp) implements Page {
    @Override
    public String template() {
        return "error.jte";
    }

    @Override
    public String formAction() {
        return "'none'";
    }
}
