package dev.cognate.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.CustomSender;
import dev.cognate.authn.MessageOccasion;
import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The custom sender triggers, CustomEmailSender and CustomSMSSender: a pool that names one hands
 * every message of its medium to that function, with the code or temporary password encrypted
 * under the pool's KMS key ({@link SecretEncryption}). As Cognito does, and unlike every other
 * trigger, the function is invoked asynchronously (the Invoke API's {@code Event} type), and off
 * the request thread here too: the caller's request never waits for KMS or Lambda, and a failure
 * is logged (pool and trigger, never the code) and counted, not answered.
 */
public final class CustomSenders implements CustomSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CustomSenders.class);
    /** Secrets waiting for KMS and Lambda at most; beyond, new ones are dropped (memory stays bounded). */
    static final int MAX_PENDING = 10_000;

    private final LambdaInvoker invoker;
    private final SecretEncryption encryption;
    private final MeterRegistry metrics;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cognate-custom-sender-", 0).factory());
    private final AtomicInteger pending = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean kmsUnreachableLogged = new java.util.concurrent.atomic.AtomicBoolean();
    /** Messages being encrypted and handed over at once, at most: KMS and Lambda throttle, an emulator swamps. */
    private final java.util.concurrent.Semaphore calls = new java.util.concurrent.Semaphore(32);
    private final java.time.Duration timeout;

    CustomSenders(LambdaInvoker invoker, SecretEncryption encryption, MeterRegistry metrics, java.time.Duration timeout) {
        this.invoker = invoker;
        this.encryption = encryption;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    /** The senders of a node whose Lambda calls go through {@code invoker} and whose KMS calls go to {@code settings}' KMS endpoint. */
    public static CustomSenders of(LambdaInvoker invoker, dev.cognate.config.LambdaSettings settings, MeterRegistry metrics) {
        return new CustomSenders(invoker, new SecretEncryption(settings.kmsEndpoint(), settings.credentials(),
                settings.timeout()), metrics, settings.timeout());
    }

    @Override
    public boolean handles(UserPool pool, CodeDestination destination) {
        return TriggerConfig.of(pool, trigger(destination)).isPresent();
    }

    @Override
    public void send(UserPool pool, User user, MessageOccasion occasion, CodeDestination destination, String secret) {
        Trigger trigger = trigger(destination);
        TriggerConfig config = TriggerConfig.of(pool, trigger).orElseThrow();
        // The event is taken now: the user as they are when the message is asked for, with the
        // address the code goes to, which may not be theirs yet (an update that waits for its
        // verification, an e-mail MFA address being set up): the function sends to what it reads.
        Map<String, String> attributes = Triggers.userAttributes(user);
        attributes.put(destination.attribute(), destination.address());
        String keyId = kmsKeyId(pool);
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            failed(pool, trigger, "dropped: " + MAX_PENDING + " messages already wait for KMS and Lambda");
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    calls.acquire();
                    try {
                        deliver(pool, user.username(), occasion, trigger, config, keyId, attributes, secret);
                    } finally {
                        calls.release();
                    }
                } catch (InterruptedException e) {
                    failed(pool, trigger, "the node stopped first");
                } catch (RuntimeException | LinkageError e) {
                    failed(pool, trigger, e.getClass().getSimpleName());
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            failed(pool, trigger, "the node is stopping");
        }
    }

    private void deliver(UserPool pool, String username, MessageOccasion occasion, Trigger trigger, TriggerConfig config,
                         String keyId, Map<String, String> attributes, String secret) {
        if (keyId == null) {
            failed(pool, trigger, "the pool's LambdaConfig has no KMSKeyID to encrypt the code with");
            return;
        }
        String code;
        try {
            code = encryption.encrypt(keyId, pool.id(), secret);
        } catch (RuntimeException e) {
            // KMS refused (no such key, no permission) or could not be reached: the message. Never the secret.
            if (unreachable(e) && kmsUnreachableLogged.compareAndSet(false, true)) {
                LOG.error("Custom sender codes cannot be encrypted: KMS is not reachable ({}). Pools with CustomEmailSender "
                        + "or CustomSMSSender lose those messages until the node has KMS credentials (the AWS SDK's "
                        + "default chain) and, outside AWS, an endpoint (serve --kms-endpoint or COGNATE_KMS_ENDPOINT).",
                        why(e));
            }
            failed(pool, trigger, timedOut(e) ? "KMS did not answer within " + timeout.toSeconds() + " s"
                    : "KMS could not encrypt the code under " + keyId + ": " + why(e));
            return;
        }
        String type = trigger == Trigger.CUSTOM_EMAIL_SENDER ? "customEmailSenderRequestV1" : "customSMSSenderRequestV1";
        TriggerEvent event = Triggers.event(pool, config, trigger.configName() + "_" + occasion.source().eventName(),
                username, occasion.clientId(), new TriggerEvent.CustomSenderRequest(type, code,
                        occasion.clientMetadata().isEmpty() ? null : occasion.clientMetadata(), attributes),
                new TriggerEvent.EmptyResponse());
        try {
            invoker.invokeQueued(trigger, config.functionArn(), event);
        } catch (LambdaFailure e) {
            // logged and counted by the invoker
        } catch (RuntimeException e) {
            failed(pool, trigger, e.getClass().getSimpleName());
        }
    }

    private void failed(UserPool pool, Trigger trigger, String why) {
        metrics.counter("cognate_lambda_errors", "trigger", trigger.configName(), "type", "NotSent").increment();
        LOG.warn("A {} message of pool {} was not sent: {}", trigger.configName(), pool.id(), why);
    }

    private static Trigger trigger(CodeDestination destination) {
        return destination.bySms() ? Trigger.CUSTOM_SMS_SENDER : Trigger.CUSTOM_EMAIL_SENDER;
    }

    private static String kmsKeyId(UserPool pool) {
        JsonNode config = pool.lambdaConfig();
        JsonNode key = config == null ? null : config.get("KMSKeyID");
        return key != null && key.isTextual() && !key.asText().isBlank() ? key.asText() : null;
    }

    /**
     * No answer from KMS at all (no credentials, no route, refused), whatever the Encryption SDK
     * wrapped it in; a KMS that is only slow is not named unreachable.
     */
    private static boolean unreachable(Throwable e) {
        if (timedOut(e)) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException) {
                return false;
            }
            if (t instanceof software.amazon.awssdk.core.exception.SdkClientException) {
                return true;
            }
        }
        return false;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
                    || t instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** KMS's own error code and message when it answered; else what kept the call from it. */
    private static String why(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                return service.awsErrorDetails().errorCode() + " (" + service.awsErrorDetails().errorMessage() + ")";
            }
        }
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : " (" + message.substring(0, Math.min(200,
                message.length())) + ")");
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            // One message may take KMS's bound, then Lambda's twice (by ARN, then by name).
            if (!executor.awaitTermination(timeout.toMillis() * 3, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                LOG.warn("{} custom sender message(s) were still waiting for KMS or Lambda when the node stopped",
                        pending.get());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        encryption.close();
    }
}
