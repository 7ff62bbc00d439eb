package dev.cognate.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.federation.oidc.IdpHttp;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;

/**
 * An upstream IdP that breaks while many browsers sign in through it at once: its token
 * endpoint answers garbage, 500s, answers slower than Cognate waits, or signs ID tokens with a
 * key it never published. Every sign-in ends, each with an answer that says what happened (the
 * app's callback with an error, or an error page, never a 500), the good ones still succeed,
 * and nothing is left waiting.
 */
class BrokenIdpUnderLoadTest {
    enum Fault { NONE, GARBAGE, SERVER_ERROR, SLOWER_THAN_THE_READ_TIMEOUT, UNKNOWN_SIGNING_KEY }

    static final int BROWSERS = 40;
    static final int SIGN_INS_EACH = 3;

    TestServer server;
    StubIdp idp;
    HostedUiFixture fixture;
    String clientId;
    final Map<String, Fault> faultByCode = new ConcurrentHashMap<>();
    volatile boolean storm = true;

    @BeforeEach
    void brokenIdp() throws Exception {
        server = TestServer.start(Backend.SQLITE);
        idp = StubIdp.start("/tenant/v2.0");
        RSAKey unpublished = new RSAKeyGenerator(2048).keyID(idp.key().getKeyID()).generate();
        Fault[] faults = Fault.values();
        AtomicInteger next = new AtomicInteger();
        idp.authorizeAnswer(a -> {
            faultByCode.put(a.code(), storm ? faults[next.getAndIncrement() % faults.length] : Fault.NONE);
            return StubIdp.answer(a.code(), a.get("state"));
        });
        idp.brokenTokenAnswer(call -> switch (faultByCode.get(call.authorization().code())) {
            case GARBAGE -> new StubIdp.BrokenAnswer(200, "<html><body>Service temporarily down</body></html>", Duration.ZERO);
            case SERVER_ERROR -> new StubIdp.BrokenAnswer(500, "{\"error\":\"server_error\"}", Duration.ZERO);
            case SLOWER_THAN_THE_READ_TIMEOUT -> new StubIdp.BrokenAnswer(200, "{}", IdpHttp.READ_TIMEOUT.plusSeconds(2));
            default -> null;
        });
        idp.idToken(a -> faultByCode.get(a.code()) == Fault.UNKNOWN_SIGNING_KEY
                ? signWith(unpublished, idp.claims(a).build()) : idp.sign(idp.claims(a).build()));
        fixture = HostedUiFixture.on(server);
        fixture.cognito.createIdentityProvider(r -> r.userPoolId(fixture.poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(Map.of("client_id", "idp-client",
                        "client_secret", "idp-secret", "authorize_scopes", "openid email",
                        "attributes_request_method", "GET", "oidc_issuer", idp.issuer())));
        clientId = fixture.client(r -> r.supportedIdentityProviders("COGNITO", "entra"));
    }

    @AfterEach
    void stop() {
        idp.close();
        server.close();
    }

    /** What one sign-in ended with; {@code detail} (the error description) says why, for a failure's message. */
    record Outcome(Fault fault, String answer, String detail) {}

    @Test
    void everySignInThroughABrokenIdpEndsWithAClearAnswerAndTheGoodOnesStillWork() throws Exception {
        List<Future<List<Outcome>>> browsers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < BROWSERS; i++) {
                browsers.add(pool.submit(() -> {
                    List<Outcome> outcomes = new ArrayList<>();
                    for (int n = 0; n < SIGN_INS_EACH; n++) {
                        outcomes.add(signIn());
                    }
                    return outcomes;
                }));
            }
            Map<String, Integer> tally = new TreeMap<>();
            for (Future<List<Outcome>> browser : browsers) {
                // each sign-in waits at most the read timeout for the IdP: none may hang beyond that
                for (Outcome outcome : browser.get(SIGN_INS_EACH * (IdpHttp.READ_TIMEOUT.toSeconds() + 30), TimeUnit.SECONDS)) {
                    tally.merge(outcome.fault() + " -> " + outcome.answer(), 1, Integer::sum);
                    if (outcome.fault() == Fault.NONE) {
                        assertThat(outcome.answer()).as(outcome.detail()).isEqualTo("signed in");
                    } else {
                        assertThat(outcome.answer()).as(outcome.fault() + ": " + outcome.detail())
                                .startsWith("callback with error=").doesNotContain("signed in");
                    }
                }
            }
            System.out.printf("[BrokenIdpUnderLoadTest] %d sign-ins by %d browsers at once: %s%n",
                    BROWSERS * SIGN_INS_EACH, BROWSERS, tally);
        }
        storm = false;
        Outcome afterwards = signIn();
        assertThat(afterwards.answer()).as("a sign-in once the IdP is well again: " + afterwards.detail())
                .isEqualTo("signed in");
    }

    Outcome signIn() {
        TestBrowser browser = fixture.browser();
        Page toIdp = browser.get(fixture.authorize(clientId, "identity_provider", "entra"));
        assertThat(toIdp.location()).startsWith(idp.base());
        Page idpAnswer = browser.get(toIdp.location());
        Fault fault = faultByCode.get(TestBrowser.parameters(java.net.URI.create(idpAnswer.location()).getRawQuery()).get("code"));
        java.net.URI callback = java.net.URI.create(idpAnswer.location());
        Page done = browser.get(callback.getRawPath() + "?" + callback.getRawQuery());
        if (done.redirectsTo(HostedUiFixture.CALLBACK + "?")) {
            Map<String, String> parameters = done.locationParameters();
            return new Outcome(fault, parameters.containsKey("code") ? "signed in" : "callback with error=" + parameters.get("error"),
                    parameters.get("error_description"));
        }
        return new Outcome(fault, "page " + done.status(), done.body());
    }

    static String signWith(RSAKey key, com.nimbusds.jwt.JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
