package dev.cognate.admin.pools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.admin.AwsJson;

/**
 * A pool's verification messages, kept in step as Cognito keeps them: the
 * VerificationMessageTemplate and the older EmailVerificationMessage, EmailVerificationSubject
 * and SmsVerificationMessage answer the same texts, whichever of the two a request set (the
 * template's where a request sets both).
 */
record VerificationMessages(JsonNode template, String emailMessage, String emailSubject, String smsMessage) {

    static VerificationMessages inStep(JsonNode template, String emailMessage, String emailSubject, String smsMessage) {
        boolean hasTemplate = template != null && template.isObject() && !template.isEmpty();
        boolean hasLegacy = emailMessage != null || emailSubject != null || smsMessage != null;
        if (!hasTemplate && !hasLegacy) {
            return new VerificationMessages(template, null, null, null);
        }
        ObjectNode merged = hasTemplate ? ((ObjectNode) template).deepCopy() : AwsJson.MAPPER.createObjectNode();
        putIfAbsent(merged, "EmailMessage", emailMessage);
        putIfAbsent(merged, "EmailSubject", emailSubject);
        putIfAbsent(merged, "SmsMessage", smsMessage);
        if (!merged.has("DefaultEmailOption")) {
            merged.put("DefaultEmailOption", "CONFIRM_WITH_CODE");
        }
        return new VerificationMessages(merged, text(merged, "EmailMessage"), text(merged, "EmailSubject"),
                text(merged, "SmsMessage"));
    }

    private static void putIfAbsent(ObjectNode node, String member, String value) {
        if (value != null && !node.hasNonNull(member)) {
            node.put(member, value);
        }
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
