package dev.cognate.admin.pools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import java.util.regex.Pattern;

/**
 * A pool's SmsConfiguration, checked as Cognito checks it: an IAM ARN as SnsCallerArn and a
 * region name as SnsRegion. The region becomes part of the host a node sends SNS and STS requests
 * to, signed with its credentials, so nothing but a region name may stand there.
 */
public final class SmsConfigurationRules {
    private static final Pattern ROLE = Pattern.compile(
            "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?");
    /** Cognito's SnsRegion: 5 to 32 word characters and hyphens. */
    public static final Pattern REGION = Pattern.compile("[\\w-]{5,32}");

    private SmsConfigurationRules() {}

    /** CreateUserPool's and UpdateUserPool's SmsConfiguration (absent: nothing to check). */
    public static void check(JsonNode sms) {
        if (sms == null || sms.isNull()) {
            return;
        }
        if (!sms.isObject()) {
            throw AwsException.invalidParameter("SmsConfiguration must be an object.");
        }
        check(text(sms, "SnsCallerArn"), text(sms, "SnsRegion"), "smsConfiguration");
    }

    /** The members of an SmsConfiguration; {@code member} names it in the error. */
    public static void check(String snsCallerArn, String snsRegion, String member) {
        if (snsCallerArn == null || snsCallerArn.length() < 20 || snsCallerArn.length() > 2048
                || !ROLE.matcher(snsCallerArn).matches()) {
            throw AwsException.invalidParameter("1 validation error detected: Value at '" + member
                    + ".snsCallerArn' failed to satisfy constraint: Member must be an IAM role ARN of 20 to 2048 "
                    + "characters");
        }
        if (snsRegion != null && !snsRegion.isEmpty() && !REGION.matcher(snsRegion).matches()) {
            throw AwsException.invalidParameter("1 validation error detected: Value at '" + member
                    + ".snsRegion' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "[\\w-]+ (5 to 32 characters)");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }
}
