package dev.cognate.mail;

/**
 * A message to one user: an e-mail (with a subject, and a sender when the pool names one) or
 * an SMS. The body carries a code, so {@link #toString()} leaves it out.
 */
public record OutboundMessage(String poolId, DeliveryMedium medium, String destination, String from, String subject,
                              String body) {
    @Override
    public String toString() {
        return "OutboundMessage[poolId=" + poolId + ", medium=" + medium + "]";
    }
}
