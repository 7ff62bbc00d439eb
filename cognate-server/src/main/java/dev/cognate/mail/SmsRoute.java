package dev.cognate.mail;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a pool's text messages are published, from its SmsConfiguration: as the IAM role
 * {@code SnsCallerArn} (assumed with {@code ExternalId} when set), with SNS of {@code SnsRegion},
 * else of the pool's own region.
 */
public record SmsRoute(String snsCallerArn, String externalId, String region) {

    /** The route of a pool in {@code poolRegion}, or null when its SmsConfiguration names no role. */
    public static SmsRoute of(JsonNode smsConfiguration, String poolRegion) {
        String role = text(smsConfiguration, "SnsCallerArn");
        if (role == null) {
            return null;
        }
        String region = text(smsConfiguration, "SnsRegion");
        return new SmsRoute(role, text(smsConfiguration, "ExternalId"), region != null ? region : poolRegion);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
