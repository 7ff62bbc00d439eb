package dev.cognate.mail;

import dev.cognate.config.SmsSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Publishes one text message as Cognito does: SNS {@code Publish} to the phone number, as
 * Transactional, in the route's region, signed with the route's role, which the node assumes
 * through STS {@code AssumeRole} (its ExternalId when set) with its own credentials. Clients are
 * made once per region and per role, and keep the role's credentials until they near expiry.
 * The SDK does not retry: {@link MessageDelivery} does, and counts it.
 */
final class SnsTransport implements AutoCloseable {
    static final String ROLE_SESSION_NAME = "cognate-sms";
    static final String SMS_TYPE = "AWS.SNS.SMS.SMSType";

    private final SmsSettings settings;
    private final AwsCredentialsProvider nodeCredentials;
    private final DefaultCredentialsProvider defaultChain;
    private final SdkHttpClient http;
    private final Map<String, StsClient> sts = new ConcurrentHashMap<>();
    private final Map<SmsRoute, Publisher> publishers = new ConcurrentHashMap<>();

    private record Publisher(SnsClient sns, StsAssumeRoleCredentialsProvider role) {}

    SnsTransport(SmsSettings settings) {
        this.settings = settings;
        this.defaultChain = settings.credentials() == null ? DefaultCredentialsProvider.builder().build() : null;
        this.nodeCredentials = settings.credentials() != null ? settings.credentials() : defaultChain;
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(settings.timeout())
                .socketTimeout(settings.timeout()).build();
    }

    /** Publishes {@code text} to {@code phoneNumber}; SNS's or STS's refusal, or any failure to reach them, is thrown as it came. */
    void publish(SmsRoute route, String phoneNumber, String text) {
        publisher(route).sns().publish(r -> r.phoneNumber(phoneNumber).message(text).messageAttributes(Map.of(SMS_TYPE,
                MessageAttributeValue.builder().dataType("String").stringValue("Transactional").build())));
    }

    /** A refusal another attempt would not change: a 4xx of SNS or STS (InvalidParameter, AccessDenied...) other than throttling. */
    static boolean refusedForGood(Exception e) {
        return e instanceof AwsServiceException refusal && refusal.statusCode() >= 400 && refusal.statusCode() < 500
                && !refusal.isThrottlingException();
    }

    /** What went wrong, for the log: the service's error code, never its message (which may quote the number). */
    static String reason(Exception e) {
        if (e instanceof AwsServiceException refusal && refusal.awsErrorDetails() != null
                && refusal.awsErrorDetails().errorCode() != null) {
            return refusal.awsErrorDetails().errorCode() + " (HTTP " + refusal.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }

    private Publisher publisher(SmsRoute route) {
        return publishers.computeIfAbsent(route, r -> {
            var role = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(sts(r.region()))
                    .refreshRequest(a -> a.roleArn(r.snsCallerArn()).roleSessionName(ROLE_SESSION_NAME)
                            .externalId(r.externalId()))
                    .build();
            var sns = SnsClient.builder().region(Region.of(r.region())).credentialsProvider(role).httpClient(http)
                    .overrideConfiguration(this::bounded);
            if (settings.snsEndpoint() != null) {
                sns.endpointOverride(settings.snsEndpoint());
            }
            return new Publisher(sns.build(), role);
        });
    }

    private StsClient sts(String region) {
        return sts.computeIfAbsent(region, r -> {
            var builder = StsClient.builder().region(Region.of(r)).credentialsProvider(nodeCredentials).httpClient(http)
                    .overrideConfiguration(this::bounded);
            if (settings.stsEndpoint() != null) {
                builder.endpointOverride(settings.stsEndpoint());
            }
            return builder.build();
        });
    }

    private void bounded(ClientOverrideConfiguration.Builder config) {
        config.apiCallTimeout(settings.timeout()).retryStrategy(AwsRetryStrategy.doNotRetry());
    }

    @Override
    public void close() {
        publishers.values().forEach(p -> {
            p.sns().close();
            p.role().close();
        });
        sts.values().forEach(StsClient::close);
        http.close();
        if (defaultChain != null) {
            defaultChain.close();
        }
    }
}
