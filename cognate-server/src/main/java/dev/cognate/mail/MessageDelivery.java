package dev.cognate.mail;

import dev.cognate.store.DeliveryMedium;

import dev.cognate.config.MailSettings;
import dev.cognate.crypto.RandomIds;
import dev.cognate.store.OutboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers messages to users. E-mail goes over SMTP when the node has an SMTP URL, off the
 * request thread, retried a few times; otherwise, and for every SMS (Cognate has no SMS
 * gateway), the message is kept in the outbox for {@code cognate outbox}. Counted in the
 * metric {@code cognate_messages_total{medium, outcome=sent|retried|failed|outbox}}. The log names
 * the pool and medium only: bodies carry codes.
 */
public final class MessageDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDelivery.class);
    /** Waits before the 2nd, 3rd... attempt. */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60));
    /** E-mails waiting for the mail server at most; beyond, new ones fail at once (memory stays bounded). */
    static final int MAX_PENDING = 10_000;
    /** Outbox entries carry live codes: they go when the longest-lived code would. */
    static final Duration OUTBOX_RETENTION = Duration.ofHours(24);

    private final SmtpTransport smtp;
    private final String defaultFrom;
    private final OutboxStore outbox;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    private final List<Duration> retryDelays;
    private final AtomicInteger pending = new AtomicInteger();

    public MessageDelivery(MailSettings settings, String publicHost, OutboxStore outbox, MeterRegistry metrics, Clock clock) {
        this(settings, publicHost, outbox, metrics, clock, RETRY_DELAYS);
    }

    MessageDelivery(MailSettings settings, String publicHost, OutboxStore outbox, MeterRegistry metrics, Clock clock,
                    List<Duration> retryDelays) {
        this.retryDelays = List.copyOf(retryDelays);
        this.smtp = settings.smtp() ? new SmtpTransport(SmtpUrl.parse(settings.smtpUrl())) : null;
        this.defaultFrom = settings.mailFrom() != null && !settings.mailFrom().isBlank() ? settings.mailFrom()
                : "no-reply@" + (publicHost == null || publicHost.isBlank() ? "localhost" : publicHost);
        if (!MailHeaders.safeAddress(defaultFrom)) {
            throw new IllegalArgumentException("--mail-from is not a single e-mail address");
        }
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = smtp == null ? null : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cognate-mail").factory());
    }

    /** Hands the message over for delivery; never blocks on the mail server. */
    public void deliver(OutboundMessage message) {
        if (smtp == null || message.medium() != DeliveryMedium.EMAIL) {
            Instant now = clock.instant();
            try {
                outbox.add(new OutboxStore.Entry(RandomIds.token(), message.poolId(), message.medium(), message.destination(),
                        message.medium() == DeliveryMedium.EMAIL ? from(message) : null, message.subject(), message.body(),
                        now, now.plus(OUTBOX_RETENTION)));
                count(message, "outbox");
            } catch (RuntimeException e) {
                // As for a mail server that refuses: the caller's request stands, the message is lost and counted.
                LOG.error("Keeping a message of pool {} in the outbox failed: {}", message.poolId(), e.getMessage());
                count(message, "failed");
            }
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            LOG.error("Dropped an e-mail of pool {}: {} e-mails already wait for the mail server", message.poolId(),
                    MAX_PENDING);
            count(message, "failed");
            return;
        }
        executor.execute(() -> attempt(message, 0));
    }

    private void attempt(OutboundMessage message, int attempt) {
        try {
            smtp.send(message, from(message));
            pending.decrementAndGet();
            count(message, "sent");
        } catch (MessagingException | RuntimeException e) {
            if (attempt < retryDelays.size() && !(e instanceof jakarta.mail.internet.AddressException)) {
                LOG.warn("Sending an e-mail of pool {} failed (attempt {}), retrying: {}", message.poolId(), attempt + 1,
                        e.getClass().getSimpleName());
                count(message, "retried");
                executor.schedule(() -> attempt(message, attempt + 1), retryDelays.get(attempt).toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                LOG.error("Sending an e-mail of pool {} failed for good after {} attempt(s): {}", message.poolId(),
                        attempt + 1, e.getClass().getSimpleName());
                pending.decrementAndGet();
                count(message, "failed");
            }
        }
    }

    /** The pool's EmailConfiguration.From when set (and safe), else the node's sender. */
    private String from(OutboundMessage message) {
        return message.from() != null && MailHeaders.safeAddress(message.from()) ? message.from() : defaultFrom;
    }

    private void count(OutboundMessage message, String outcome) {
        Counter.builder("cognate.messages")
                .description("Messages to users (codes): sent over SMTP, retried, failed for good, or kept in the outbox")
                .tag("medium", message.medium().name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .register(metrics)
                .increment();
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdown();
        }
    }
}
