package dev.cognate.mail;

import dev.cognate.store.DeliveryMedium;

import dev.cognate.config.MailSettings;
import dev.cognate.config.SmsSettings;
import dev.cognate.crypto.RandomIds;
import dev.cognate.store.OutboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers messages to users. E-mail goes over SMTP when the node has an SMTP URL; text
 * messages go to Amazon SNS when the node's SMS delivery is {@code sns} and the pool's
 * SmsConfiguration names the role to publish as. Both leave the request thread, are retried a
 * few times, and at most {@link #MAX_PENDING} of each wait. Any other message is kept in the
 * outbox for {@code cognate outbox}. Counted in the metric
 * {@code cognate_messages_total{medium, outcome=sent|retried|failed|outbox}}. The log names the
 * pool and medium only: bodies carry codes, and addresses and phone numbers are the users'.
 */
public final class MessageDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDelivery.class);
    /** Waits before the 2nd, 3rd... attempt. */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60));
    /** Messages of one medium waiting for their server at most; beyond, new ones fail at once (memory stays bounded). */
    static final int MAX_PENDING = 10_000;
    /** Outbox entries carry live codes: they go when the longest-lived code would. */
    static final Duration OUTBOX_RETENTION = Duration.ofHours(24);
    /** How long a stopping node waits for the messages being sent (retries not yet due are dropped). */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String defaultFrom;
    private final OutboxStore outbox;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final List<Duration> retryDelays;
    private final Outlet email;
    private final Outlet sms;
    private final SnsTransport sns;
    private final Set<String> poolsWithoutSmsRole = ConcurrentHashMap.newKeySet();

    public MessageDelivery(MailSettings settings, String publicHost, OutboxStore outbox, MeterRegistry metrics, Clock clock) {
        this(settings, SmsSettings.OUTBOX, publicHost, outbox, metrics, clock);
    }

    public MessageDelivery(MailSettings mail, SmsSettings texts, String publicHost, OutboxStore outbox, MeterRegistry metrics,
                           Clock clock) {
        this(mail, texts, publicHost, outbox, metrics, clock, RETRY_DELAYS);
    }

    MessageDelivery(MailSettings settings, String publicHost, OutboxStore outbox, MeterRegistry metrics, Clock clock,
                    List<Duration> retryDelays) {
        this(settings, SmsSettings.OUTBOX, publicHost, outbox, metrics, clock, retryDelays);
    }

    MessageDelivery(MailSettings mail, SmsSettings texts, String publicHost, OutboxStore outbox, MeterRegistry metrics,
                    Clock clock, List<Duration> retryDelays) {
        this.retryDelays = List.copyOf(retryDelays);
        this.defaultFrom = mail.mailFrom() != null && !mail.mailFrom().isBlank() ? mail.mailFrom()
                : "no-reply@" + (publicHost == null || publicHost.isBlank() ? "localhost" : publicHost);
        if (!MailHeaders.safeAddress(defaultFrom)) {
            throw new IllegalArgumentException("--mail-from is not a single e-mail address");
        }
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
        if (mail.smtp()) {
            SmtpTransport smtp = new SmtpTransport(SmtpUrl.parse(mail.smtpUrl()));
            this.email = new Outlet("e-mail", "cognate-mail", 1, message -> smtp.send(message, from(message)),
                    e -> e instanceof jakarta.mail.internet.AddressException, e -> e.getClass().getSimpleName());
        } else {
            this.email = null;
        }
        this.sns = texts.sns() ? new SnsTransport(texts) : null;
        // SNS answers each Publish in a fraction of a second: a few threads, so one slow answer does not hold the others.
        this.sms = sns == null ? null : new Outlet("SMS", "cognate-sms", 4,
                message -> sns.publish(message.smsRoute(), message.destination(), message.body()),
                SnsTransport::refusedForGood, SnsTransport::reason);
    }

    /** Hands the message over for delivery; never blocks on the mail server or SNS. */
    public void deliver(OutboundMessage message) {
        Outlet outlet = outletOf(message);
        if (outlet != null) {
            outlet.submit(message);
            return;
        }
        Instant now = clock.instant();
        try {
            outbox.add(new OutboxStore.Entry(RandomIds.token(), message.poolId(), message.medium(), message.destination(),
                    message.medium() == DeliveryMedium.EMAIL ? from(message) : null, message.subject(), message.body(),
                    now, now.plus(OUTBOX_RETENTION)));
            count(message, "outbox");
        } catch (RuntimeException e) {
            // As for a mail server that refuses: the caller's request stands, the message is lost and counted.
            // the class only: a store error's message may quote its statement's arguments, the code and the address
            LOG.error("Keeping a message of pool {} in the outbox failed: {}", message.poolId(), e.getClass().getSimpleName());
            count(message, "failed");
        }
    }

    /** Where the message goes out, or null for the outbox. */
    private Outlet outletOf(OutboundMessage message) {
        if (message.medium() == DeliveryMedium.EMAIL) {
            return email;
        }
        if (sms != null && message.smsRoute() == null && poolsWithoutSmsRole.add(message.poolId())) {
            LOG.warn("Pool {} has no SmsConfiguration with an SnsCallerArn: its text messages are kept in the outbox. "
                    + "Give it the ARN of an IAM role that may publish to SNS (UpdateUserPool or SetUserPoolMfaConfig "
                    + "SmsConfiguration, with its ExternalId if the role's trust policy asks for one)", message.poolId());
        }
        return message.smsRoute() == null ? null : sms;
    }

    /** The pool's EmailConfiguration.From when set (and safe), else the node's sender. */
    private String from(OutboundMessage message) {
        return message.from() != null && MailHeaders.safeAddress(message.from()) ? message.from() : defaultFrom;
    }

    private void count(OutboundMessage message, String outcome) {
        Counter.builder("cognate.messages")
                .description("Messages to users (codes): sent (SMTP, SNS), retried, failed for good, or kept in the outbox")
                .tag("medium", message.medium().name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .register(metrics)
                .increment();
    }

    @Override
    public void close() {
        for (Outlet outlet : new Outlet[] {email, sms}) {
            if (outlet != null) {
                outlet.close();
            }
        }
        if (sns != null) {
            sns.close();
        }
    }

    /** Sends one message, or throws why it could not. */
    @FunctionalInterface
    private interface Transport {
        void send(OutboundMessage message) throws Exception;
    }

    /** One way out: its own threads, its bound of waiting messages, the failures not worth another attempt. */
    private final class Outlet {
        private final String medium;
        private final Transport transport;
        private final Predicate<Exception> refusedForGood;
        private final Function<Exception, String> reason;
        private final ScheduledThreadPoolExecutor executor;
        private final AtomicInteger pending = new AtomicInteger();

        Outlet(String medium, String threadName, int threads, Transport transport, Predicate<Exception> refusedForGood,
               Function<Exception, String> reason) {
            this.medium = medium;
            this.transport = transport;
            this.refusedForGood = refusedForGood;
            this.reason = reason;
            this.executor = new ScheduledThreadPoolExecutor(threads, Thread.ofPlatform().daemon().name(threadName).factory());
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        void submit(OutboundMessage message) {
            if (pending.incrementAndGet() > MAX_PENDING) {
                pending.decrementAndGet();
                LOG.error("Dropped an {} of pool {}: {} already wait to be sent", medium, message.poolId(), MAX_PENDING);
                count(message, "failed");
                return;
            }
            try {
                executor.execute(() -> attempt(message, 0));
            } catch (RejectedExecutionException e) {
                gaveUp(message, "was given up: the node is stopping");
            }
        }

        private void attempt(OutboundMessage message, int attempt) {
            try {
                transport.send(message);
                pending.decrementAndGet();
                count(message, "sent");
            } catch (Exception e) {
                if (attempt < retryDelays.size() && !refusedForGood.test(e)) {
                    LOG.warn("Sending an {} of pool {} failed (attempt {}), retrying: {}", medium, message.poolId(),
                            attempt + 1, reason.apply(e));
                    count(message, "retried");
                    try {
                        executor.schedule(() -> attempt(message, attempt + 1), retryDelays.get(attempt).toMillis(),
                                TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException stopping) {
                        gaveUp(message, "was given up: the node is stopping");
                    }
                } else {
                    gaveUp(message, "failed for good after " + (attempt + 1) + " attempt(s): " + reason.apply(e));
                }
            }
        }

        private void gaveUp(OutboundMessage message, String why) {
            LOG.error("Sending an {} of pool {} {}", medium, message.poolId(), why);
            pending.decrementAndGet();
            count(message, "failed");
        }

        void close() {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
            int unsent = pending.get();
            if (unsent > 0) {
                LOG.warn("{} {} message(s) were not sent before the node stopped", unsent, medium);
            }
        }
    }
}
