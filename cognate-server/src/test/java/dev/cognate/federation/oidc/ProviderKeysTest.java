package dev.cognate.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.sun.net.httpserver.HttpServer;
import dev.cognate.testing.MovableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An IdP's keys are cached per provider and read again on an unknown key id at most once a minute. */
class ProviderKeysTest {
    HttpServer server;
    volatile JWKSet published;
    final AtomicInteger reads = new AtomicInteger();
    final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    JWKSource<SecurityContext> keys;

    @BeforeEach
    void start() throws Exception {
        published = new JWKSet(key("k1"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/keys", ex -> {
            reads.incrementAndGet();
            byte[] body = published.toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        keys = new ProviderKeys(new IdpHttp(), clock).of("pool", "entra",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/keys"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static JWK key(String kid) throws Exception {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    List<JWK> select(String kid) throws Exception {
        return keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null);
    }

    @Test
    void knownKeysComeFromTheCache() throws Exception {
        assertThat(select("k1")).hasSize(1);
        assertThat(select("k1")).hasSize(1);
        assertThat(reads).hasValue(1);
    }

    @Test
    void anUnknownKeyIdIsLookedUpAgainAtMostOnceAMinute() throws Exception {
        select("k1");
        published = new JWKSet(List.of(key("k1"), key("k2")));

        assertThat(select("k2")).as("read less than a minute ago").isEmpty();
        assertThat(select("made-up")).isEmpty();
        assertThat(reads).hasValue(1);

        clock.advance(Duration.ofSeconds(61));
        assertThat(select("k2")).hasSize(1);
        assertThat(reads).hasValue(2);
        for (int i = 0; i < 20; i++) {
            assertThat(select("made-up-" + i)).isEmpty();
        }
        assertThat(reads).hasValue(2);
    }

    @Test
    void keysOlderThanAnHourAreReadAgainOnUse() throws Exception {
        select("k1");
        clock.advance(Duration.ofMinutes(61));
        select("k1");
        assertThat(reads).hasValue(2);
    }
}
