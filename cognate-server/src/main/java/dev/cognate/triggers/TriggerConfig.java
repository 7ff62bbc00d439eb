package dev.cognate.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.pools.UserPool;
import java.util.Optional;

/** The function a pool's LambdaConfig names for a trigger, and the pre token generation event's version. */
record TriggerConfig(String functionArn, String version) {

    /**
     * PreTokenGenerationConfig wins over the older PreTokenGeneration member, as in Cognito; the
     * custom senders are objects ({@code LambdaArn}, {@code LambdaVersion} V1_0, the only one).
     */
    static Optional<TriggerConfig> of(UserPool pool, Trigger trigger) {
        JsonNode config = pool.lambdaConfig();
        if (config == null || !config.isObject()) {
            return Optional.empty();
        }
        if (trigger == Trigger.PRE_TOKEN_GENERATION) {
            JsonNode v2 = config.path("PreTokenGenerationConfig");
            String arn = text(v2.path("LambdaArn"));
            if (arn != null) {
                return Optional.of(new TriggerConfig(arn, text(v2.path("LambdaVersion")) == null ? "V1_0"
                        : text(v2.path("LambdaVersion"))));
            }
        }
        if (trigger == Trigger.CUSTOM_EMAIL_SENDER || trigger == Trigger.CUSTOM_SMS_SENDER) {
            JsonNode sender = config.path(trigger.configName());
            String arn = text(sender.path("LambdaArn"));
            return arn == null ? Optional.empty() : Optional.of(new TriggerConfig(arn, "V1_0"));
        }
        String arn = text(config.path(trigger.configName()));
        return arn == null ? Optional.empty() : Optional.of(new TriggerConfig(arn, "V1_0"));
    }

    /** The event's {@code version} member: "1" for every trigger but pre token generation V2_0 ("2") and V3_0 ("3"). */
    String eventVersion() {
        return switch (version) {
            case "V2_0" -> "2";
            case "V3_0" -> "3";
            default -> "1";
        };
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
