package dev.cognate.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B (the SHA-1 rows, cut to 6 digits) and the window of one step either way. */
class TotpTest {
    static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesMatchRfc6238AppendixB() {
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(20000000000L)))).isEqualTo("353130");
    }

    @Test
    void base32RoundTripsAndSecretsAre32Characters() {
        assertThat(Totp.base32(RFC_KEY)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo(RFC_KEY);
        assertThat(Totp.newSecret()).matches("[A-Z2-7]{32}");
    }

    @Test
    void oneStepEitherWayIsAcceptedAndNoFurther() {
        String secret = Totp.base32(RFC_KEY);
        Instant now = Instant.ofEpochSecond(1234567890);
        for (int steps = -1; steps <= 1; steps++) {
            String code = Totp.code(RFC_KEY, Totp.step(now) + steps);
            assertThat(Totp.matchingStep(secret, code, now)).hasValue(Totp.step(now) + steps);
        }
        assertThat(Totp.matchingStep(secret, Totp.code(RFC_KEY, Totp.step(now) + 2), now)).isEmpty();
        assertThat(Totp.matchingStep(secret, Totp.code(RFC_KEY, Totp.step(now) - 2), now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "12345", now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "12345a", now)).isEmpty();
    }
}
