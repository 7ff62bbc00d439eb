package dev.cognate.triggers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.http.WireJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * Calls a trigger's function through the Lambda Invoke API (RequestResponse; Event for the custom
 * senders, as Cognito) with the AWS SDK's
 * own client: the ARN as FunctionName, the client of the ARN's region, no retries, the whole
 * call bounded by the node's timeout. Every way it can go wrong ends in a {@link LambdaFailure}
 * worded as Cognito words it; never a hang. Events are not logged (they carry user attributes).
 */
public final class LambdaInvoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaInvoker.class);
    static final ObjectMapper JSON = WireJson.PLAIN;
    private static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    private final java.net.URI endpoint;
    private final software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials;
    private final java.time.Duration timeout;
    private final MeterRegistry metrics;
    private final Map<String, LambdaClient> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean unreachableLogged = new AtomicBoolean();

    /**
     * @param endpoint    the Invoke API's endpoint (null: AWS's own, of each function's region)
     * @param credentials what calls are signed with (null: the SDK's default chain)
     * @param timeout     the bound of each call, connecting and reading included
     */
    public LambdaInvoker(java.net.URI endpoint, software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials,
                         java.time.Duration timeout, MeterRegistry metrics) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /**
     * The function's answer (a JSON object) as {@code reader} reads it, or a {@link LambdaFailure}
     * (the reader's own, for an answer the trigger cannot use, counts as one too).
     */
    <T> T invoke(Trigger trigger, String functionArn, Object event, java.util.function.Function<JsonNode, T> reader) {
        return measured(trigger, functionArn, () -> reader.apply(call(trigger, functionArn, event)));
    }

    /**
     * Queues the event for the function (the Invoke API's {@code Event} type: Lambda answers 202
     * and runs the function later, retrying it on its own), as Cognito invokes its custom sender
     * triggers; a {@link LambdaFailure} when the event was not taken.
     */
    void invokeQueued(Trigger trigger, String functionArn, Object event) {
        measured(trigger, functionArn, () -> send(trigger, functionArn, event, InvocationType.EVENT));
    }

    /** One invocation counted, timed, and its failure logged (the event never is). */
    private <T> T measured(Trigger trigger, String functionArn, java.util.function.Supplier<T> invocation) {
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            T answer = invocation.get();
            outcome = "ok";
            return answer;
        } catch (LambdaFailure e) {
            metrics.counter("cognate_lambda_errors", "trigger", trigger.configName(), "type", e.type()).increment();
            LOG.warn("{} trigger {} failed: {}: {}", trigger.configName(), functionArn, e.type(), e.getMessage());
            throw e;
        } finally {
            metrics.counter("cognate_lambda_invocations", "trigger", trigger.configName(), "outcome", outcome).increment();
            sample.stop(metrics.timer("cognate_lambda_latency", "trigger", trigger.configName()));
        }
    }

    private InvokeResponse send(Trigger trigger, String functionArn, Object event, InvocationType type) {
        try {
            byte[] payload = JSON.writeValueAsBytes(event);
            return invoke(functionArn, payload, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a trigger event did not serialize", e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw LambdaFailure.invocation(trigger, "Socket timeout while invoking Lambda function");
        } catch (LambdaException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw LambdaFailure.invocation(trigger, code == null ? "HTTP " + e.statusCode() : code);
        } catch (SdkClientException e) {
            throw unreachable(trigger, functionArn, e);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw LambdaFailure.invocation(trigger, "ServiceException");
        } catch (IllegalArgumentException e) {
            throw LambdaFailure.invocation(trigger, "InvalidParameterValueException");
        }
    }

    private JsonNode call(Trigger trigger, String functionArn, Object event) {
        InvokeResponse response = send(trigger, functionArn, event, InvocationType.REQUEST_RESPONSE);
        byte[] body = response.payload() == null ? new byte[0] : response.payload().asByteArray();
        if (response.functionError() != null) {
            throw LambdaFailure.functionError(trigger, errorMessage(body));
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            throw LambdaFailure.unrecognizable();
        }
        try {
            JsonNode answer = JSON.readTree(body);
            if (answer == null || !answer.isObject()) {
                throw LambdaFailure.unrecognizable();
            }
            return answer;
        } catch (java.io.IOException e) {
            throw LambdaFailure.invalidJson();
        }
    }

    /**
     * The ARN as FunctionName; at a configured endpoint that knows no such function, once more by
     * the function's name: emulators that serve functions only by name (serverless-offline) work
     * with the ARNs a pool's LambdaConfig must hold. AWS's own endpoint is asked by ARN only.
     */
    private InvokeResponse invoke(String functionArn, byte[] payload, InvocationType type) {
        LambdaClient client = client(regionOf(functionArn));
        try {
            return client.invoke(r -> r.functionName(functionArn).invocationType(type)
                    .payload(SdkBytes.fromByteArray(payload)));
        } catch (LambdaException e) {
            if (endpoint == null || e.statusCode() != 404) {
                throw e;
            }
            String[] parts = functionArn.split(":", -1);
            return client.invoke(r -> r.functionName(parts[6]).qualifier(parts.length > 7 ? parts[7] : null)
                    .invocationType(type).payload(SdkBytes.fromByteArray(payload)));
        }
    }

    /** Cognito passes the function's {@code errorMessage} on; a body without one is passed as it came. */
    private static String errorMessage(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.path("errorMessage").isTextual()) {
                return error.path("errorMessage").asText();
            }
        } catch (java.io.IOException e) {
            // not JSON: the text itself
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 1024 ? text.substring(0, 1024) : text;
    }

    /**
     * No credentials, no route, a refused connection. The first time it is logged with what to
     * do about it; afterwards every invocation still fails (and counts), quietly.
     */
    private LambdaFailure unreachable(Trigger trigger, String functionArn, SdkClientException e) {
        if (isTimeout(e)) {
            return LambdaFailure.invocation(trigger, "Socket timeout while invoking Lambda function");
        }
        if (unreachableLogged.compareAndSet(false, true)) {
            LOG.error("Lambda triggers cannot be invoked ({}: {}). Pools with triggers answer {} until the node has "
                            + "Lambda credentials (the AWS SDK's default chain) and, outside AWS, an endpoint "
                            + "(serve --lambda-endpoint or COGNATE_LAMBDA_ENDPOINT).", functionArn, e.getMessage(),
                    LambdaFailure.UNEXPECTED);
        }
        return LambdaFailure.invocation(trigger, e.getMessage() != null && e.getMessage().contains("credentials")
                ? "AccessDeniedException" : "ServiceException");
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** {@code arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]}. */
    static String regionOf(String functionArn) {
        String[] parts = functionArn.split(":", -1);
        if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("lambda") || parts[3].isEmpty()) {
            throw new IllegalArgumentException("not a Lambda function ARN");
        }
        return parts[3];
    }

    private LambdaClient client(String region) {
        return clients.computeIfAbsent(region, r -> {
            var builder = LambdaClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials != null ? credentials
                            : DefaultCredentialsProvider.builder().build())
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(timeout)
                            .socketTimeout(timeout)
                            .build())
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)
                            .retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)));
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            return builder.build();
        });
    }

    @Override
    public void close() {
        clients.values().forEach(LambdaClient::close);
    }
}
