package dev.cognate.mail;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a pool's text messages are published, from its SmsConfiguration: as the IAM role
 * {@code SnsCallerArn} (assumed with {@code ExternalId} when set), with SNS of {@code SnsRegion},
 * else of the pool's own region.
 */
public record SmsRoute(String snsCallerArn, String externalId, String region) {

    /**
     * The route of a pool in {@code poolRegion}, or null when its SmsConfiguration names no role, or
     * a region that is no region name (stored before it was checked): the region becomes part of
     * the host the node signs its requests for.
     */
    public static SmsRoute of(JsonNode smsConfiguration, String poolRegion) {
        String role = text(smsConfiguration, "SnsCallerArn");
        if (role == null) {
            return null;
        }
        String region = text(smsConfiguration, "SnsRegion");
        String chosen = region != null ? region : poolRegion;
        if (chosen == null || !REGION.matcher(chosen).matches()) {
            return null;
        }
        return new SmsRoute(role, text(smsConfiguration, "ExternalId"), chosen);
    }

    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[\\w-]{1,32}");

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
