package dev.cognate.http;

/**
 * A request body the node would not or could not read: too large (413), too slow (408), or
 * its client went away (nobody is left to answer). Each endpoint answers it in its own shape.
 */
public final class BodyRefused extends RuntimeException {
    public enum Reason {
        TOO_LARGE(413), TOO_SLOW(408), CLIENT_GONE(400);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    BodyRefused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public int status() {
        return reason.status();
    }
}
