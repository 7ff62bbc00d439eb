package dev.cognate.config;

/**
 * How a node sends e-mail: {@code smtpUrl} ({@code smtp://[user:password@]host:port} with
 * STARTTLS when the server offers it, or {@code smtps://...} for implicit TLS), or null to keep
 * every message in the store's outbox; {@code mailFrom} the sender when the pool names none.
 */
public record MailSettings(String smtpUrl, String mailFrom) {
    public static final MailSettings OUTBOX = new MailSettings(null, null);

    public boolean smtp() {
        return smtpUrl != null && !smtpUrl.isBlank();
    }

    /** Leaves the SMTP password out. */
    @Override
    public String toString() {
        return "MailSettings[smtp=" + smtp() + ", mailFrom=" + mailFrom + "]";
    }
}
