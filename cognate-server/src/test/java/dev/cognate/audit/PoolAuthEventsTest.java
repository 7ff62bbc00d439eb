package dev.cognate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.config.AuditSettings;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.PoolAuthEvent;
import dev.cognate.store.jdbc.JdbcAuditStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.Browser;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.SrpTestClient;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthEventType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Sign-in events that no user can be held to are the pool's: a name the pool does not have
 * (through the API, the hosted page or a code resend) and an upstream IdP's callback that
 * failed before a user was known. They are in the store and the {@code --audit-log} stream, the
 * typed name only as its keyed hash, and go with the audit retention. On both backends.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class PoolAuthEventsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = HostedUiFixture.PASSWORD;
    /** What someone types into the username field by mistake: their password. */
    static final String TYPED_NAME = "Tr0ub4dor-and-3-Typed-As-A-Name";
    static final String CALLBACK = "https://app.example.com/cb";

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    TestServer privateServer;

    @AfterEach
    void stop() {
        if (privateServer != null) {
            privateServer.close();
        }
    }

    static JdbcAuditStore store(TestServer server) {
        return new JdbcAuditStore(server.server().database().jdbi());
    }

    static String passwordClient(HostedUiFixture fixture, String preventUserExistenceErrors) {
        return fixture.client(r -> r.preventUserExistenceErrors(preventUserExistenceErrors)
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
    }

    static void signIn(CognitoIdentityProviderClient cognito, String clientId, String username, String password) {
        cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
    }

    /** A hosted sign-in with a name and password; the page's status. */
    static int hostedSignIn(HostedUiFixture fixture, String clientId, String username) {
        TestBrowser browser = fixture.browser();
        TestBrowser.Page login = browser.get(browser.get(fixture.authorize(clientId)).location());
        return browser.submit(login, "/login", Map.of("username", username, "password", PASSWORD)).status();
    }

    /**
     * The attack: reading what people typed into the username field (a password, often) out of the
     * audit trail. Unknown names through the API (existence hidden or not) and the hosted page are
     * each recorded as the pool's Fail, without the name anywhere: not in a line of the stream, not in
     * a stored row; attempts on one name carry one keyed hash.
     */
    @Test
    void unknownUsernameIsNeverWrittenInPlainText() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        privateServer = TestServer.startWithAudit(backend, new AuditSettings(log.toString(), Duration.ofDays(90)),
                java.time.Clock.systemUTC());
        HostedUiFixture fixture = HostedUiFixture.on(privateServer);
        CognitoIdentityProviderClient cognito = fixture.cognito;
        String hiding = passwordClient(fixture, "ENABLED");
        String legacy = passwordClient(fixture, "LEGACY");

        assertThatThrownBy(() -> signIn(cognito, hiding, TYPED_NAME, PASSWORD))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Incorrect username or password.");
        assertThatThrownBy(() -> signIn(cognito, legacy, TYPED_NAME, PASSWORD)).isInstanceOf(UserNotFoundException.class);
        assertThat(hostedSignIn(fixture, hiding, TYPED_NAME)).isEqualTo(400);

        List<PoolAuthEvent> events = store(privateServer).poolAuthEvents(fixture.poolId, 10);
        assertThat(events).hasSize(3).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuthEvent.Type.SignIn);
            assertThat(e.response()).isEqualTo(AuthEvent.Response.Fail);
            assertThat(e.reason()).isEqualTo(PoolAuthEvent.USER_NOT_FOUND);
            assertThat(e.provider()).isEqualTo(AuthEvent.COGNITO);
            assertThat(e.sourceAddress()).isEqualTo("127.0.0.1");
            assertThat(e.userAgent()).isNotBlank();
        });
        assertThat(events).extracting(PoolAuthEvent::clientId).containsExactly(hiding, legacy, hiding);
        assertThat(events).extracting(PoolAuthEvent::usernameHash).doesNotContainNull().containsOnly(
                events.getFirst().usernameHash());
        assertThat(events.getFirst().userAgent()).contains("Java-http-client");
        assertThat(events.getLast().userAgent()).containsIgnoringCase("aws-sdk-java");

        List<String> lines = Files.readAllLines(log);
        List<JsonNode> logged = new ArrayList<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            if (record.get("kind").asText().equals("pool_auth_event")) {
                logged.add(record);
            }
        }
        assertThat(logged).hasSize(3).allSatisfy(record -> {
            assertThat(record.get("poolId").asText()).isEqualTo(fixture.poolId);
            assertThat(record.get("eventType").asText()).isEqualTo("SignIn");
            assertThat(record.get("outcome").asText()).isEqualTo("Fail");
            assertThat(record.get("reason").asText()).isEqualTo("UserNotFound");
            assertThat(record.get("usernameHash").asText()).isEqualTo(events.getFirst().usernameHash());
            assertThat(record.has("username")).isFalse();
        });
        List<String> stored = privateServer.server().database().jdbi().withHandle(h -> {
            List<String> rows = new ArrayList<>(h.createQuery("SELECT doc FROM pool_auth_events").mapTo(String.class).list());
            rows.addAll(h.createQuery("SELECT name_hash FROM pool_auth_events").mapTo(String.class).list());
            rows.addAll(h.createQuery("SELECT doc FROM auth_events").mapTo(String.class).list());
            rows.addAll(h.createQuery("SELECT doc FROM admin_changes").mapTo(String.class).list());
            return rows;
        });
        for (String name : List.of(TYPED_NAME, TYPED_NAME.toLowerCase(Locale.ROOT), TYPED_NAME.toUpperCase(Locale.ROOT))) {
            assertThat(Files.readString(log)).doesNotContain(name);
            assertThat(stored).noneSatisfy(row -> assertThat(row).contains(name));
        }
    }

    @Test
    void inAPoolThatIgnoresCaseANameInAnyCaseIsOneHashAndAnotherPoolsHashDiffers() {
        TestServer server = TestServer.shared(backend);
        CognitoIdentityProviderClient cognito = server.client();
        List<String> hashes = new ArrayList<>();
        for (int pool = 0; pool < 2; pool++) {
            String poolId = cognito.createUserPool(r -> r.poolName("case-" + UUID.randomUUID().toString().substring(0, 8))
                    .usernameConfiguration(c -> c.caseSensitive(false))).userPool().id();
            String client = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                            ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).userPoolClient().clientId();
            for (String name : List.of("Nobody-Here", "nobody-here")) {
                assertThatThrownBy(() -> signIn(cognito, client, name, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
            }
            List<PoolAuthEvent> events = store(server).poolAuthEvents(poolId, 10);
            assertThat(events).hasSize(2);
            assertThat(events.get(0).usernameHash()).isEqualTo(events.get(1).usernameHash());
            hashes.add(events.getFirst().usernameHash());
        }
        assertThat(hashes.get(0)).as("one name in two pools").isNotEqualTo(hashes.get(1));
    }

    @Test
    void anUnknownNameAtSrpIsOneFailWhenItsDecoyProofFails() {
        HostedUiFixture fixture = HostedUiFixture.on(TestServer.shared(backend));
        CognitoIdentityProviderClient cognito = fixture.cognito;
        String client = passwordClient(fixture, "ENABLED");
        SrpTestClient srp = new SrpTestClient();
        var challenge = cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", "srp-nobody", "SRP_A", srp.srpA())));
        assertThat(challenge.challengeNameAsString()).isEqualTo("PASSWORD_VERIFIER");
        assertThat(store(fixture.server).poolAuthEvents(fixture.poolId, 10)).as("a challenge proves nothing yet").isEmpty();

        assertThatThrownBy(() -> cognito.respondToAuthChallenge(r -> r.clientId(client)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).session(challenge.session())
                .challengeResponses(srp.claim(fixture.poolId, PASSWORD, challenge.challengeParameters()))))
                .isInstanceOf(NotAuthorizedException.class);

        assertThat(store(fixture.server).poolAuthEvents(fixture.poolId, 10)).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(PoolAuthEvent.USER_NOT_FOUND);
            assertThat(e.clientId()).isEqualTo(client);
            assertThat(e.usernameHash()).isNotBlank();
        });
    }

    @Test
    void aUsersOwnEventsAreUnchangedByAttemptsOnNamesNobodyHas() {
        HostedUiFixture fixture = HostedUiFixture.on(TestServer.shared(backend));
        CognitoIdentityProviderClient cognito = fixture.cognito;
        String client = passwordClient(fixture, "ENABLED");
        String ada = fixture.confirmedUser("ada");
        assertThatThrownBy(() -> signIn(cognito, client, ada, "Wr0ng-Horse!")).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> signIn(cognito, client, "adda", PASSWORD)).isInstanceOf(NotAuthorizedException.class);
        signIn(cognito, client, ada, PASSWORD);

        List<AuthEventType> events = cognito.adminListUserAuthEvents(r -> r.userPoolId(fixture.poolId).username(ada))
                .authEvents();
        assertThat(events).extracting(e -> e.eventTypeAsString() + ":" + e.eventResponseAsString())
                .containsExactly("SignIn:Pass", "SignIn:Fail");
        assertThat(store(fixture.server).poolAuthEvents(fixture.poolId, 10)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(PoolAuthEvent.USER_NOT_FOUND));
    }

    @Test
    void aCodeResendForAnUnknownNameIsThePoolsResendCodeAndAUsersIsTheirs() {
        TestServer server = TestServer.shared(backend);
        HostedUiFixture fixture = HostedUiFixture.on(server);
        CognitoIdentityProviderClient cognito = fixture.cognito;
        String poolId = fixture.poolId;
        cognito.updateUserPool(r -> r.userPoolId(poolId).autoVerifiedAttributes(VerifiedAttributeType.EMAIL));
        String client = passwordClient(fixture, "ENABLED");
        cognito.signUp(r -> r.clientId(client).username("waiting").password(PASSWORD)
                .userAttributes(a -> a.name("email").value("waiting@example.com")));

        cognito.resendConfirmationCode(r -> r.clientId(client).username("waiting"));
        cognito.resendConfirmationCode(r -> r.clientId(client).username("nobody-waits"));
        TestBrowser browser = fixture.browser();
        TestBrowser.Page login = browser.get(browser.get(fixture.authorize(client)).location());
        assertThat(browser.submit(login, "/confirm/resend", Map.of("username", "nobody-waits")).status()).isEqualTo(200);

        assertThat(cognito.adminListUserAuthEvents(r -> r.userPoolId(poolId).username("waiting")).authEvents())
                .extracting(e -> e.eventTypeAsString() + ":" + e.eventResponseAsString())
                .containsExactly("ResendCode:Pass", "SignUp:Pass");
        List<PoolAuthEvent> nobodys = store(server).poolAuthEvents(poolId, 10);
        assertThat(nobodys).hasSize(2).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuthEvent.Type.ResendCode);
            assertThat(e.reason()).isEqualTo(PoolAuthEvent.USER_NOT_FOUND);
        });
        assertThat(nobodys.get(0).usernameHash()).isEqualTo(nobodys.get(1).usernameHash());
    }

    @Test
    void aPasswordResetForAnUnknownNameIsThePoolsForgotPasswordAndNeverNamesIt() {
        TestServer server = TestServer.shared(backend);
        HostedUiFixture fixture = HostedUiFixture.on(server);
        CognitoIdentityProviderClient cognito = fixture.cognito;
        String poolId = fixture.poolId;
        String hiding = passwordClient(fixture, "ENABLED");
        String legacy = passwordClient(fixture, "LEGACY");

        assertThat(cognito.forgotPassword(r -> r.clientId(hiding).username(TYPED_NAME)).codeDeliveryDetails())
                .as("existence hidden: a simulated delivery").isNotNull();
        assertThatThrownBy(() -> cognito.forgotPassword(r -> r.clientId(legacy).username(TYPED_NAME)))
                .isInstanceOf(UserNotFoundException.class);
        TestBrowser browser = fixture.browser();
        TestBrowser.Page login = browser.get(browser.get(fixture.authorize(hiding)).location());
        TestBrowser.Page forgot = browser.get("/forgotPassword?signin=" + login.hiddenFields().get("signin"));
        assertThat(browser.submit(forgot, "/forgotPassword", Map.of("username", TYPED_NAME)).status()).isEqualTo(303);

        List<PoolAuthEvent> events = store(server).poolAuthEvents(poolId, 10);
        assertThat(events).hasSize(3).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuthEvent.Type.ForgotPassword);
            assertThat(e.response()).isEqualTo(AuthEvent.Response.Fail);
            assertThat(e.reason()).isEqualTo(PoolAuthEvent.USER_NOT_FOUND);
            assertThat(e.usernameHash()).isNotBlank().isEqualTo(events.getFirst().usernameHash())
                    .doesNotContainIgnoringCase(TYPED_NAME);
        });
        assertThat(events).extracting(PoolAuthEvent::clientId).containsExactlyInAnyOrder(hiding, legacy, hiding);
        List<String> stored = server.server().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT doc FROM pool_auth_events WHERE pool_id = :pool").bind("pool", poolId).mapTo(String.class).list());
        assertThat(stored).hasSize(3).noneSatisfy(row -> assertThat(row).containsIgnoringCase(TYPED_NAME));
    }

    @Test
    void failedFederatedCallbacksAreRecordedWithTheIdpsNameAndWhy() {
        TestServer server = TestServer.shared(backend);
        CognitoIdentityProviderClient cognito = server.client();
        try (StubIdp idp = StubIdp.start("/" + UUID.randomUUID() + "/v2.0")) {
            String poolId = cognito.createUserPool(r -> r.poolName("idp-fails-" + UUID.randomUUID().toString().substring(0, 8)))
                    .userPool().id();
            cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                    .providerType(IdentityProviderTypeType.OIDC)
                    .providerDetails(Map.of("client_id", "entra-app-0001", "client_secret", "idp-secret",
                            "authorize_scopes", "openid profile email", "attributes_request_method", "GET",
                            "oidc_issuer", idp.issuer()))
                    .attributeMapping(Map.of("email", "email")));
            String app = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app").callbackURLs(CALLBACK)
                    .allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid", "email")
                    .allowedOAuthFlowsUserPoolClient(true).supportedIdentityProviders("entra")).userPoolClient().clientId();
            String authorize = "http://localhost:" + server.port() + "/oauth2/authorize?client_id=" + app
                    + "&response_type=code&redirect_uri=" + CALLBACK + "&identity_provider=entra&state=app-state";
            Browser browser = new Browser();

            // the IdP answers an error
            idp.authorizeAnswer(a -> Map.of("error", "access_denied", "state", a.get("state")));
            assertThat(location(browser.get(location(browser.get(location(browser.get(authorize)))))))
                    .startsWith(CALLBACK).contains("error=invalid_request");
            idp.authorizeAnswer(a -> StubIdp.answer(a.code(), a.get("state")));
            // the ID token fails validation
            idp.idToken(a -> idp.sign(idp.claims(a).claim("nonce", "a-nonce-from-another-sign-in").build()));
            assertThat(location(browser.get(location(browser.get(location(browser.get(authorize)))))))
                    .startsWith(CALLBACK).contains("error=invalid_request");
            // the answer is taken to another browser, then replayed in this one
            String callback = location(browser.get(location(browser.get(authorize))));
            assertThat(new Browser().get(callback).statusCode()).isEqualTo(400);
            assertThat(browser.get(callback).statusCode()).isEqualTo(400);
            // a state that names no sign-in is anyone's to send: nothing to hold a pool to
            assertThat(browser.get("http://localhost:" + server.port() + "/oauth2/idpresponse?code=x&state="
                    + "A".repeat(43)).statusCode()).isEqualTo(400);

            List<PoolAuthEvent> events = store(server).poolAuthEvents(poolId, 10);
            assertThat(events).extracting(PoolAuthEvent::reason)
                    .containsExactly("StateReplayed", "StateMismatch", "InvalidIdToken", "IdpError");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.provider()).isEqualTo("entra");
                assertThat(e.type()).isEqualTo(AuthEvent.Type.SignIn);
                assertThat(e.response()).isEqualTo(AuthEvent.Response.Fail);
                assertThat(e.usernameHash()).isNull();
                assertThat(e.sourceAddress()).isEqualTo("127.0.0.1");
            });
            assertThat(events.subList(1, 4)).extracting(PoolAuthEvent::clientId).containsOnly(app);
        }
    }

    static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void eventsOfNoUserArePurgedWithTheAuditRetention() {
        MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        privateServer = TestServer.startWithAudit(backend, new AuditSettings(null, Duration.ofDays(30)), clock);
        String poolId = privateServer.client().createUserPool(r -> r.poolName("retained")).userPool().id();
        JdbcAuditStore store = store(privateServer);
        store.record(event(poolId, clock.instant()));
        clock.advance(Duration.ofDays(20));
        store.record(event(poolId, clock.instant()));
        clock.advance(Duration.ofDays(11));

        privateServer.server().maintenance().runOnce();

        assertThat(store.poolAuthEvents(poolId, 10)).singleElement()
                .satisfies(e -> assertThat(e.occurredAt()).isEqualTo(clock.instant().minus(Duration.ofDays(11))));
    }

    static PoolAuthEvent event(String poolId, Instant at) {
        return new PoolAuthEvent(UUID.randomUUID().toString(), at, poolId, "client", AuthEvent.COGNITO,
                AuthEvent.Type.SignIn, AuthEvent.Response.Fail, PoolAuthEvent.USER_NOT_FOUND, "hash", "192.0.2.1", "agent");
    }
}
