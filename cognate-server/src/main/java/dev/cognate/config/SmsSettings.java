package dev.cognate.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How a node sends text messages: kept in the store's outbox ({@link Delivery#OUTBOX}), or
 * published with Amazon SNS as Cognito does ({@link Delivery#SNS}): as the IAM role of the pool's
 * SmsConfiguration, assumed through STS with {@code credentials} (null: the SDK's default chain).
 * {@code snsEndpoint} and {@code stsEndpoint}: null for AWS's own endpoints of the pool's SNS
 * region; each call is given up after {@code timeout}.
 */
public record SmsSettings(Delivery delivery, URI snsEndpoint, URI stsEndpoint, AwsCredentialsProvider credentials,
                          Duration timeout) {
    public enum Delivery { OUTBOX, SNS }

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    public static final SmsSettings OUTBOX = new SmsSettings(Delivery.OUTBOX, null, null, null, TIMEOUT);

    public SmsSettings {
        delivery = delivery == null ? Delivery.OUTBOX : delivery;
        timeout = timeout == null ? TIMEOUT : timeout;
        LambdaSettings.requireHttp(snsEndpoint, "SNS", "http://localhost:4566");
        LambdaSettings.requireHttp(stsEndpoint, "STS", "http://localhost:4566");
    }

    /** From {@code serve --sms-delivery}, {@code --sns-endpoint} and {@code --sts-endpoint} (IllegalArgumentException when one is wrong). */
    public static SmsSettings of(String delivery, String snsEndpoint, String stsEndpoint) {
        return new SmsSettings(delivery(delivery), LambdaSettings.uri(snsEndpoint), LambdaSettings.uri(stsEndpoint), null,
                TIMEOUT);
    }

    private static Delivery delivery(String value) {
        if (value == null || value.isBlank()) {
            return Delivery.OUTBOX;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "outbox" -> Delivery.OUTBOX;
            case "sns" -> Delivery.SNS;
            default -> throw new IllegalArgumentException("the SMS delivery must be outbox or sns (got " + value.trim() + ")");
        };
    }

    public boolean sns() {
        return delivery == Delivery.SNS;
    }
}
