package dev.cognate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.config.SmsSettings;
import dev.cognate.http.HttpLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The serve flags' defaults are the documented ones (README, docs/RELIABILITY.md) and HttpLimits' own. */
class ServeOptionsTest {
    private static ServeCommand parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void managementPortDefaultsTo9230OnLoopback() {
        ServeCommand serve = parse();

        assertThat(serve.managementHost).isEqualTo(System.getenv().getOrDefault("COGNATE_MANAGEMENT_HOST", "127.0.0.1"));
        assertThat(serve.managementPort).isEqualTo(
                Integer.parseInt(System.getenv().getOrDefault("COGNATE_MANAGEMENT_PORT", "9230")));
    }

    @Test
    void limitFlagsDefaultToHttpLimitsDefaults() {
        assertThat(parse().limits.toLimits()).isEqualTo(HttpLimits.defaults());
    }

    @Test
    void readTimeoutsAreConfigurable() {
        HttpLimits limits = parse("--head-read-timeout", "1s", "--body-read-timeout", "1500ms", "--idle-timeout", "2m",
                "--max-connections-per-address", "0").limits.toLimits();

        assertThat(limits.headReadTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limits.bodyReadTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(limits.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(limits.maxConnectionsPerAddress()).isZero();
    }

    @Test
    void aDurationThatIsNoneIsAPlainError() {
        assertThatThrownBy(() -> parse("--body-read-timeout", "soon").limits.toLimits())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--body-read-timeout must be a duration such as 30s or 500ms, not 'soon'");
    }

    @Test
    void auditRetentionDefaultsTo90DaysAndTheLogToNone() {
        ServeCommand serve = parse();
        if (System.getenv("COGNATE_AUDIT_RETENTION") == null) {
            assertThat(dev.cognate.config.AuditSettings.parseRetention(serve.auditRetention)).isEqualTo(Duration.ofDays(90));
        }
        if (System.getenv("COGNATE_AUDIT_LOG") == null) {
            assertThat(serve.auditLog).isNull();
        }
        ServeCommand given = parse("--audit-log", "stdout", "--audit-retention", "7d");
        assertThat(given.auditLog).isEqualTo("stdout");
        assertThat(dev.cognate.config.AuditSettings.parseRetention(given.auditRetention)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void textMessagesStayInTheOutboxUnlessSnsIsAsked() {
        if (System.getenv("COGNATE_SMS_DELIVERY") == null) {
            ServeCommand serve = parse();
            assertThat(SmsSettings.of(serve.smsDelivery, serve.snsEndpoint, serve.stsEndpoint).sns()).isFalse();
        }
        ServeCommand given = parse("--sms-delivery", "sns", "--sns-endpoint", "http://localhost:4566",
                "--sts-endpoint", "https://sts.example.test");
        SmsSettings sms = SmsSettings.of(given.smsDelivery, given.snsEndpoint, given.stsEndpoint);
        assertThat(sms.sns()).isTrue();
        assertThat(sms.snsEndpoint()).hasToString("http://localhost:4566");
        assertThat(sms.stsEndpoint()).hasToString("https://sts.example.test");
    }

    @Test
    void anSmsDeliveryOrEndpointThatIsNoneIsAPlainError() {
        assertThatThrownBy(() -> SmsSettings.of("sms-gateway", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the SMS delivery must be outbox or sns (got sms-gateway)");
        assertThatThrownBy(() -> SmsSettings.of("sns", "localhost:4566", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the SNS endpoint must be an http or https URL with a host");
        assertThatThrownBy(() -> SmsSettings.of("sns", null, "ftp://sts.example.test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the STS endpoint must be an http or https URL with a host");
    }
}
