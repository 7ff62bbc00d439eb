package dev.cognate.mail;

import dev.cognate.store.DeliveryMedium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.cognate.config.MailSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** E-mail over a real SMTP server (GreenMail): authentication, retries, failures counted, headers kept safe. */
class MailDeliveryTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer@example.test", "mailer", "p@ss:word"));

    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @Test
    void sendsOverSmtpWithTheCredentialsOfTheUrl() throws Exception {
        String url = "smtp://mailer:p%40ss%3Aword@127.0.0.1:" + SMTP.getSmtp().getPort();
        try (MessageDelivery delivery = delivery(url, List.of())) {
            delivery.deliver(new OutboundMessage("us-east-1_Pool00001", DeliveryMedium.EMAIL, "ann@example.test", null,
                    "Your verification code", "Your verification code is 123456."));
            assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        }
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("Your verification code");
        assertThat(mail.getHeader("From", ",")).isEqualTo("sender@example.test");
        assertThat(GreenMailUtil.getBody(mail)).contains("123456");
        awaitCount("sent", 1);
    }

    @Test
    void retriesUntilTheMailServerAnswers() throws Exception {
        int port = freePort();
        GreenMail late = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try (MessageDelivery delivery = delivery("smtp://127.0.0.1:" + port,
                List.of(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5)))) {
            delivery.deliver(email("bob@example.test", "Your code", "Your code is 654321."));
            awaitCount("retried", 1);
            late.start();
            assertThat(late.waitForIncomingEmail(20_000, 1)).isTrue();
            assertThat(GreenMailUtil.getBody(late.getReceivedMessages()[0])).contains("654321");
        } finally {
            late.stop();
        }
    }

    @Test
    void aMessageThatCannotBeSentIsCountedAsFailedAndItsCodeNeverAppearsInTheLog() throws Exception {
        int port = freePort();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (MessageDelivery delivery = delivery("smtp://127.0.0.1:" + port, List.of(Duration.ofMillis(10)))) {
            delivery.deliver(email("carl@example.test", "Your code 987123", "Your verification code is 987123."));
            awaitCount("failed", 1);
        } finally {
            System.setErr(err);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("failed").doesNotContain("987123")
                .doesNotContain("carl@example.test");
    }

    @Test
    void headerInjectionThroughAttributesIntoMailHeaders() throws Exception {
        try (MessageDelivery delivery = delivery("smtp://127.0.0.1:" + SMTP.getSmtp().getPort(), List.of())) {
            delivery.deliver(email("victim@example.test\r\nBcc: attacker@evil.test", "Your code", "Code 111111"));
            delivery.deliver(new OutboundMessage("us-east-1_Pool00001", DeliveryMedium.EMAIL, "dora@example.test",
                    "pool@example.test\r\nBcc: attacker@evil.test", "Hi\r\nBcc: attacker@evil.test\nX-Injected: yes",
                    "Code 222222"));
            assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
            awaitCount("failed", 1);
        }
        assertThat(SMTP.waitForIncomingEmail(300, 2)).isFalse();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("dora@example.test");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(mail.getSubject()).isEqualTo("Hi  Bcc: attacker@evil.test X-Injected: yes");
        assertThat(mail.getHeader("From", ",")).isEqualTo("sender@example.test");
    }

    @Test
    void smtpUrls() {
        assertThat(SmtpUrl.parse("smtps://mail.example.test")).isEqualTo(new SmtpUrl(true, "mail.example.test", 465, null, null));
        assertThat(SmtpUrl.parse("smtp://u%40x:p+w@mail.example.test:2525"))
                .isEqualTo(new SmtpUrl(false, "mail.example.test", 2525, "u@x", "p+w"));
        assertThat(SmtpUrl.parse("smtp://u:secret@h:25").toString()).doesNotContain("secret");
        assertThatThrownBy(() -> SmtpUrl.parse("http://mail.example.test")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpUrl.parse("smtp:///nohost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageDelivery(new MailSettings(null, "a@b\r\nBcc: c@d"), "localhost", null, metrics,
                Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }

    private MessageDelivery delivery(String smtpUrl, List<Duration> retries) {
        return new MessageDelivery(new MailSettings(smtpUrl, "sender@example.test"), "localhost", null, metrics,
                Clock.systemUTC(), retries);
    }

    private static OutboundMessage email(String to, String subject, String body) {
        return new OutboundMessage("us-east-1_Pool00001", DeliveryMedium.EMAIL, to, null, subject, body);
    }

    private void awaitCount(String outcome, double count) {
        awaitCondition(() -> {
            var counter = metrics.find("cognate.messages").tag("outcome", outcome).counter();
            return counter != null && counter.count() >= count;
        }, Duration.ofSeconds(20));
    }

    /** Waits until {@code condition} holds (checking every few milliseconds), failing after {@code limit}. */
    private static void awaitCondition(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
