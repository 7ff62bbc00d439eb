package dev.cognate.mail;

import dev.cognate.store.DeliveryMedium;

/**
 * A message to one user: an e-mail (with a subject, and a sender when the pool names one) or
 * an SMS (with the pool's {@link SmsRoute} when it has one). The body carries a code, so
 * {@link #toString()} leaves it out.
 */
public record OutboundMessage(String poolId, DeliveryMedium medium, String destination, String from, String subject,
                              String body, boolean html, SmsRoute smsRoute) {

    /** An e-mail (or an SMS of a pool without a route). */
    public OutboundMessage(String poolId, DeliveryMedium medium, String destination, String from, String subject,
                           String body, boolean html) {
        this(poolId, medium, destination, from, subject, body, html, null);
    }

    /** A plain-text message. */
    public OutboundMessage(String poolId, DeliveryMedium medium, String destination, String from, String subject,
                           String body) {
        this(poolId, medium, destination, from, subject, body, false);
    }

    /** A text message to {@code phoneNumber}; {@code route} null when the pool has none. */
    public static OutboundMessage sms(String poolId, String phoneNumber, String body, SmsRoute route) {
        return new OutboundMessage(poolId, DeliveryMedium.SMS, phoneNumber, null, null, body, false, route);
    }

    private static final java.util.regex.Pattern HTML = java.util.regex.Pattern.compile("<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z])");

    /** Whether a template is HTML (Cognito's e-mail templates may be): its message is then sent as text/html. */
    public static boolean isHtml(String template) {
        return template != null && HTML.matcher(template).find();
    }

    @Override
    public String toString() {
        return "OutboundMessage[poolId=" + poolId + ", medium=" + medium + "]";
    }
}
