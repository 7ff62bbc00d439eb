package dev.cognate.admin.pools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Validate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What CreateUserPool and UpdateUserPool check of a LambdaConfig's custom senders: each names
 * its function and the one request version (V1_0), and a pool with one names the KMS key its
 * codes are encrypted under (without it, no code could ever reach the function).
 */
final class LambdaConfigRules {
    /** LambdaConfigType's ARN pattern, for functions and for the KMS key alike. */
    static final Pattern ARN = Pattern.compile(
            "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?");
    /** A KMS key's or alias's ARN, with the region its codes are encrypted in. */
    private static final Pattern KMS_KEY = Pattern.compile("arn:[\\w-]+:kms:[a-z0-9-]+:[0-9]+:(key|alias)/.+");
    private static final List<String> SENDERS = List.of("CustomEmailSender", "CustomSMSSender");

    private LambdaConfigRules() {}

    static void check(JsonNode config) {
        if (config == null || !config.isObject()) {
            return;
        }
        boolean hasSender = false;
        for (String name : SENDERS) {
            JsonNode sender = config.get(name);
            if (sender == null || sender.isNull()) {
                continue;
            }
            String member = "lambdaConfig." + Character.toLowerCase(name.charAt(0)) + name.substring(1);
            if (!sender.isObject()) {
                throw AwsException.invalidParameter(name + " must be an object with LambdaArn and LambdaVersion.");
            }
            String arn = Validate.required(text(sender, "LambdaArn"), member + ".lambdaArn");
            Validate.length(arn, member + ".lambdaArn", 20, 2048);
            Validate.pattern(arn, member + ".lambdaArn", ARN);
            Validate.oneOf(Validate.required(text(sender, "LambdaVersion"), member + ".lambdaVersion"),
                    member + ".lambdaVersion", List.of("V1_0"));
            hasSender = true;
        }
        String key = text(config, "KMSKeyID");
        Validate.length(key, "lambdaConfig.kMSKeyID", 20, 2048);
        Validate.pattern(key, "lambdaConfig.kMSKeyID", ARN);
        if (key != null && !KMS_KEY.matcher(key).matches()) {
            throw AwsException.invalidParameter("KMSKeyID must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/...).");
        }
        if (hasSender && key == null) {
            throw AwsException.invalidParameter(
                    "KMSKeyID is required when CustomEmailSender or CustomSMSSender is set: the codes they get are encrypted under it.");
        }
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }
}
