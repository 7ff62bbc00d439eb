package dev.cognate.config;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How a node calls the Lambda functions of pools' triggers: the Invoke API at {@code endpoint}
 * (null: AWS's own endpoint of the function's region), signed with {@code credentials} (null:
 * the SDK's default chain), each call given up after {@code timeout} (Cognito's is 5 seconds).
 */
public record LambdaSettings(URI endpoint, AwsCredentialsProvider credentials, Duration timeout) {
    public static final Duration COGNITO_TIMEOUT = Duration.ofSeconds(5);
    public static final LambdaSettings DEFAULT = new LambdaSettings(null, null, COGNITO_TIMEOUT);

    public LambdaSettings {
        timeout = timeout == null ? COGNITO_TIMEOUT : timeout;
        if (endpoint != null && (endpoint.getHost() == null
                || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
            throw new IllegalArgumentException("the Lambda endpoint must be an http or https URL with a host, such as "
                    + "http://localhost:3002 (got " + endpoint + ")");
        }
    }

    /** From {@code serve --lambda-endpoint}: none, or an http(s) URL (IllegalArgumentException otherwise). */
    public static LambdaSettings endpoint(String endpoint) {
        return endpoint == null || endpoint.isBlank() ? DEFAULT
                : new LambdaSettings(URI.create(endpoint.trim()), null, COGNITO_TIMEOUT);
    }
}
