package dev.cognate.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.SecretBox;
import dev.cognate.oauth.AuthorizeChecks;
import dev.cognate.oauth.AuthorizeRequest;
import dev.cognate.oauth.OpenSignIn;
import dev.cognate.oauth.SignInTransactions;
import dev.cognate.oauth.UpstreamSignIn;
import dev.cognate.oauth.ValidatedAuthorization;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.store.AppClientStoreConformanceTest;
import dev.cognate.store.Database;
import dev.cognate.store.IdentityProviderStoreConformanceTest;
import dev.cognate.store.SignInTransaction;
import dev.cognate.store.UserPoolStoreConformanceTest;
import dev.cognate.store.jdbc.JdbcAppClientStore;
import dev.cognate.store.jdbc.JdbcFederatedIdentityStore;
import dev.cognate.store.jdbc.JdbcGroupStore;
import dev.cognate.store.jdbc.JdbcIdentityLinkStore;
import dev.cognate.store.jdbc.JdbcIdentityProviderStore;
import dev.cognate.store.jdbc.JdbcIdpGroupStore;
import dev.cognate.store.jdbc.JdbcResourceServerStore;
import dev.cognate.store.jdbc.JdbcSignInTransactionStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The federation core on plain values: no HTTP server, no Javalin, an SQLite store, a clock the
 * test moves, and a connector that proves whatever identity the test scripts.
 */
class FederatedLoginTest {
    static final String POOL = "us-east-1_FEDCORE01";
    static final String CLIENT = "fedcoreclient0000000000001";
    static final String CALLBACK = "https://app.example.com/cb";
    static final String BROWSER = Hashes.sha256Hex("this-browser");

    final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    Database database;
    SignInTransactions transactions;
    ScriptedConnector connector;
    FederatedLogin login;
    AuthorizeChecks checks;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(Backend.SQLITE);
        SecretBox box = new SecretBox(new byte[32]);
        var pools = new JdbcUserPoolStore(database.jdbi());
        var clients = new JdbcAppClientStore(database.jdbi(), box);
        var providers = new JdbcIdentityProviderStore(database.jdbi(), box);
        pools.insert(UserPoolStoreConformanceTest.pool(POOL, "federation-core"));
        var client = AppClientStoreConformanceTest.client(POOL, CLIENT, "app", null);
        clients.insert(new dev.cognate.clients.AppClient(client.userPoolId(), client.clientName(), client.clientId(), null,
                client.creationDate(), client.lastModifiedDate(), client.refreshTokenValidity(), client.accessTokenValidity(),
                client.idTokenValidity(), client.tokenValidityUnits(), client.readAttributes(), client.writeAttributes(),
                client.explicitAuthFlows(), List.of("COGNITO", "entra"), List.of(CALLBACK), client.logoutURLs(),
                client.defaultRedirectURI(), List.of("code"), List.of("openid", "email"), true, null, "ENABLED", true,
                false, 3, null));
        providers.insert(IdentityProviderStoreConformanceTest.provider(POOL, "entra"));
        var users = new JdbcUserStore(database.jdbi());
        transactions = new SignInTransactions(new JdbcSignInTransactionStore(database.jdbi(), box), pools, clients, clock);
        connector = new ScriptedConnector();
        login = new FederatedLogin(transactions, providers, connector,
                new FederatedSignIn(users, new JdbcIdentityLinkStore(database.jdbi()),
                        new JdbcFederatedIdentityStore(database.jdbi()), new JdbcGroupStore(database.jdbi()),
                        new JdbcIdpGroupStore(database.jdbi()), clock),
                new FederationMetrics(new SimpleMeterRegistry()), () -> "https://cognate.example.com");
        checks = new AuthorizeChecks(clients, pools, providers, new JdbcResourceServerStore(database.jdbi()));
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A sign-in the authorize checks accepted, begun in {@link #BROWSER}. */
    OpenSignIn signIn() {
        var verdict = checks.validate(AuthorizeRequest.from(Map.of("response_type", List.of("code"),
                "client_id", List.of(CLIENT), "redirect_uri", List.of(CALLBACK), "state", List.of("app-state"),
                "identity_provider", List.of("entra"), "scope", List.of("openid email"))));
        ValidatedAuthorization valid = ((AuthorizeChecks.Verdict.Valid) verdict).request();
        return transactions.begin(valid, BROWSER);
    }

    /** Begins the upstream leg; returns the state sent to the IdP. */
    String toIdp(OpenSignIn signIn) {
        UpstreamSignIn.Start start = login.begin(signIn, "entra");
        assertThat(start).isInstanceOf(UpstreamSignIn.Start.Redirect.class);
        return connector.attempts.getLast().state();
    }

    FederatedLogin.CallbackRequest callback(String state, String browser) {
        return new FederatedLogin.CallbackRequest(state, "idp-code", null, null, null, browser);
    }

    @Test
    void beginSendsTheBrowserToTheIdpWithStateNonceAndPkceKeptInTheTransaction() {
        OpenSignIn signIn = signIn();
        UpstreamSignIn.Start start = login.begin(signIn, "entra");
        assertThat(start).isEqualTo(new UpstreamSignIn.Start.Redirect("https://idp.example.com/authorize"));
        Connector.Attempt sent = connector.attempts.getLast();
        assertThat(sent.state()).matches("[A-Za-z0-9_-]{43}");
        assertThat(sent.nonce()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(sent.state());
        assertThat(sent.redirectUri()).isEqualTo(URI.create("https://cognate.example.com/oauth2/idpresponse"));
        SignInTransaction.Step step = transactions.resume(signIn.id(), BROWSER).orElseThrow().step();
        assertThat(step.kind()).isEqualTo(SignInTransaction.Step.Kind.UPSTREAM);
        assertThat(step.upstreamNonce()).isEqualTo(sent.nonce());
        assertThat(step.upstreamVerifier()).isEqualTo(sent.codeVerifier());
    }

    @Test
    void theIdpsAnswerSignsTheUserInAsAProvisionedPoolUser() {
        String state = toIdp(signIn());
        FederatedOutcome outcome = login.complete(callback(state, BROWSER));
        assertThat(outcome).isInstanceOf(FederatedOutcome.SignedIn.class);
        var signedIn = (FederatedOutcome.SignedIn) outcome;
        assertThat(signedIn.user().username()).isEqualTo("entra_oid-alice");
        assertThat(signedIn.signIn().transaction().state()).isEqualTo("app-state");
        assertThat(connector.completed.getLast().nonce()).isEqualTo(connector.attempts.getLast().nonce());
    }

    @Test
    void aReplayedAnswerIsRefusedWithAPage() {
        String state = toIdp(signIn());
        login.complete(callback(state, BROWSER));
        assertThat(login.complete(callback(state, BROWSER))).isEqualTo(new FederatedOutcome.FailedPage(400,
                "This sign-in was already completed",
                "The identity provider's answer was already used once; an answer is good for one sign-in only."));
        assertThat(connector.completed).hasSize(1);
    }

    @Test
    void anAnswerArrivingInAnotherBrowserIsRefusedWithoutCallingTheIdp() {
        String state = toIdp(signIn());
        FederatedOutcome outcome = login.complete(callback(state, Hashes.sha256Hex("attackers-browser")));
        assertThat(outcome).isInstanceOf(FederatedOutcome.FailedPage.class);
        assertThat(((FederatedOutcome.FailedPage) outcome).title()).isEqualTo("This sign-in was started elsewhere");
        assertThat(login.complete(callback(state, null))).isInstanceOf(FederatedOutcome.FailedPage.class);
        assertThat(connector.completed).isEmpty();
    }

    @Test
    void aStateOlderThanFiveMinutesSendsTheUserBackToTheAppAsExpired() {
        String state = toIdp(signIn());
        clock.advance(FederatedLogin.STATE_LIFETIME.plusSeconds(1));
        FederatedOutcome outcome = login.complete(callback(state, BROWSER));
        assertThat(outcome).isInstanceOf(FederatedOutcome.FailedWithRedirect.class);
        assertThat(((FederatedOutcome.FailedWithRedirect) outcome).location()).startsWith(CALLBACK + "?error=invalid_request")
                .contains("not%20completed%20within%205%20minutes").endsWith("&state=app-state");
        assertThat(connector.completed).isEmpty();
    }

    @Test
    void anAnswerNamingAnotherIssuerIsRefusedAsAMixUp() {
        String state = toIdp(signIn());
        FederatedOutcome outcome = login.complete(new FederatedLogin.CallbackRequest(state, "idp-code", null, null,
                "https://attacker.example.net", BROWSER));
        assertThat(((FederatedOutcome.FailedWithRedirect) outcome).location()).contains("mix-up%20refused");
        assertThat(connector.completed).isEmpty();
    }

    @Test
    void aStateNeverIssuedIsRefusedWithAPage() {
        assertThat(login.complete(callback("A".repeat(43), BROWSER))).isInstanceOf(FederatedOutcome.FailedPage.class);
        assertThat(login.complete(callback("../../etc", BROWSER))).isInstanceOf(FederatedOutcome.FailedPage.class);
    }

    @Test
    void anUnknownProviderCannotBeginASignIn() {
        assertThat(login.begin(signIn(), "okta")).isInstanceOf(UpstreamSignIn.Start.Unavailable.class);
        assertThat(connector.attempts).isEmpty();
    }

    @Test
    void aSignInCompletedElsewhereCannotBeSentUpstreamAgain() {
        OpenSignIn signIn = signIn();
        toIdp(signIn);
        // The same (now stale) view of the transaction tries to start a second upstream leg.
        assertThat(login.begin(signIn, "entra")).isInstanceOf(UpstreamSignIn.Start.Unavailable.class);
    }

    /** Records what it is asked and proves the identity of "oid-alice" for any code. */
    static final class ScriptedConnector implements Connector {
        final List<Attempt> attempts = new ArrayList<>();
        final List<Attempt> completed = new ArrayList<>();

        @Override
        public boolean supports(dev.cognate.providers.ProviderType type) {
            return type == dev.cognate.providers.ProviderType.OIDC;
        }

        @Override
        public boolean pkce(IdentityProvider provider) {
            return provider.oidc().pkce();
        }

        @Override
        public URI loginUrl(IdentityProvider provider, Attempt attempt, Hints hints) {
            attempts.add(attempt);
            return URI.create("https://idp.example.com/authorize");
        }

        @Override
        public boolean isIssuerOf(IdentityProvider provider, String issuer) {
            return issuer.equals(provider.details().get("oidc_issuer"));
        }

        @Override
        public Identity complete(IdentityProvider provider, Attempt attempt, Callback callback) {
            completed.add(attempt);
            return new Identity(provider.details().get("oidc_issuer"), "oid-alice",
                    new Claims(Map.of("sub", "oid-alice", "email", "alice@contoso.example")), List.of());
        }
    }
}
