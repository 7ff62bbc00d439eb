package dev.cognate.config;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How a node calls the Lambda functions of pools' triggers: the Invoke API at {@code endpoint}
 * (null: AWS's own endpoint of the function's region), signed with {@code credentials} (null:
 * the SDK's default chain), each call given up after {@code timeout} (Cognito's is 5 seconds).
 * Custom sender triggers also need KMS, to encrypt the codes they get: at {@code kmsEndpoint}
 * (null: AWS's own endpoint of the key's region), with the same credentials and bound.
 */
public record LambdaSettings(URI endpoint, AwsCredentialsProvider credentials, Duration timeout, URI kmsEndpoint) {
    public static final Duration COGNITO_TIMEOUT = Duration.ofSeconds(5);
    public static final LambdaSettings DEFAULT = new LambdaSettings(null, null, COGNITO_TIMEOUT, null);

    public LambdaSettings {
        timeout = timeout == null ? COGNITO_TIMEOUT : timeout;
        requireHttp(endpoint, "Lambda", "http://localhost:3002");
        requireHttp(kmsEndpoint, "KMS", "http://localhost:4566");
    }

    /** Lambda at {@code endpoint}, KMS at AWS's own endpoints. */
    public LambdaSettings(URI endpoint, AwsCredentialsProvider credentials, Duration timeout) {
        this(endpoint, credentials, timeout, null);
    }

    /** From {@code serve --lambda-endpoint}: none, or an http(s) URL (IllegalArgumentException otherwise). */
    public static LambdaSettings endpoint(String endpoint) {
        return endpoints(endpoint, null);
    }

    /** From {@code serve --lambda-endpoint} and {@code --kms-endpoint}: each none, or an http(s) URL. */
    public static LambdaSettings endpoints(String lambdaEndpoint, String kmsEndpoint) {
        return new LambdaSettings(uri(lambdaEndpoint), null, COGNITO_TIMEOUT, uri(kmsEndpoint));
    }

    static URI uri(String value) {
        return value == null || value.isBlank() ? null : URI.create(value.trim());
    }

    static void requireHttp(URI endpoint, String service, String example) {
        if (endpoint != null && (endpoint.getHost() == null
                || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
            throw new IllegalArgumentException("the " + service + " endpoint must be an http or https URL with a host, "
                    + "such as " + example + " (got " + endpoint + ")");
        }
    }
}
