package dev.cognate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.config.AuditSettings;
import dev.cognate.store.AdminChange;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.jdbc.JdbcAuditStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;

/**
 * The audit trail of a node: every admin change with the access key that made it, users'
 * sign-in events, the JSON-lines stream of both ({@code --audit-log}), and their retention;
 * never a secret, a code or a token in any of it. On both backends.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AuditTrailTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEMPORARY_PASSWORD = "Temp0rary-Secret!";
    static final String PASSWORD = "Corr3ct-Horse-Battery!";
    static final String WRONG_PASSWORD = "Wr0ng-Horse-Battery!";
    static final String IDP_SECRET = "upstream-client-secret-value";

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

    TestServer withAuditLog(Path log, java.time.Clock clock) {
        privateServer = TestServer.startWithAudit(backend, new AuditSettings(log.toString(), Duration.ofDays(90)), clock);
        return privateServer;
    }

    static List<AdminChange> changesOf(TestServer server, String poolId) {
        return new JdbcAuditStore(server.server().database().jdbi()).recentAdminChanges(1000).stream()
                .filter(c -> poolId.equals(c.poolId())).toList();
    }

    @Test
    void anAdminChangeIsRecordedWithTheAccessKeyTheOperationAndWhatItNamed() {
        TestServer server = TestServer.shared(backend);
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("audited-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("ada").messageAction(MessageActionType.SUPPRESS)
                .temporaryPassword(TEMPORARY_PASSWORD));
        cognito.createGroup(r -> r.userPoolId(poolId).groupName("staff"));
        cognito.adminAddUserToGroup(r -> r.userPoolId(poolId).username("ada").groupName("staff"));

        List<AdminChange> changes = changesOf(server, poolId);
        assertThat(changes).extracting(AdminChange::operation)
                .containsExactly("AdminAddUserToGroup", "CreateGroup", "AdminCreateUser", "CreateUserPool");
        AdminChange added = changes.getFirst();
        assertThat(added.accessKeyId()).isEqualTo(TestServer.ACCESS_KEY_ID);
        assertThat(added.resource()).containsExactlyInAnyOrderEntriesOf(Map.of("Username", "ada", "GroupName", "staff"));
        assertThat(added.outcome()).isEqualTo("Success");
        assertThat(added.sourceAddress()).isEqualTo("127.0.0.1");
        assertThat(added.occurredAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
                Duration.ofMinutes(5)));
    }

    @Test
    void aRefusedAdminChangeIsRecordedWithTheAwsErrorsName() {
        TestServer server = TestServer.shared(backend);
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("refused-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        assertThatThrownBy(() -> cognito.adminDeleteUser(r -> r.userPoolId(poolId).username("nobody")))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException.class);
        assertThat(changesOf(server, poolId)).first().satisfies(c -> {
            assertThat(c.operation()).isEqualTo("AdminDeleteUser");
            assertThat(c.outcome()).isEqualTo("UserNotFoundException");
        });
    }

    @Test
    void readsAreNotChanges() {
        TestServer server = TestServer.shared(backend);
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("reads-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        cognito.describeUserPool(r -> r.userPoolId(poolId));
        cognito.listUsers(r -> r.userPoolId(poolId));
        assertThat(changesOf(server, poolId)).extracting(AdminChange::operation).containsExactly("CreateUserPool");
    }

    /**
     * The attack: reading secrets out of the audit trail (a log shipper's index, a backup of the
     * store). Passwords, temporary passwords, client and IdP secrets and every token go through
     * audited operations; none is in a line of the stream nor in a stored record.
     */
    @Test
    void auditRecordsCarryNoSecrets() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        TestServer server = withAuditLog(log, java.time.Clock.systemUTC());
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("secrets")).userPool().id();
        String clientSecret = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("confidential")
                .generateSecret(true)).userPoolClient().clientSecret();
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("public")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("upstream")
                .providerType(IdentityProviderTypeType.OIDC)
                .providerDetails(Map.of("client_id", "upstream-app", "client_secret", IDP_SECRET,
                        "authorize_scopes", "openid", "attributes_request_method", "GET",
                        "oidc_issuer", "https://idp.example.com", "authorize_url", "https://idp.example.com/authorize",
                        "token_url", "https://idp.example.com/token", "attributes_url", "https://idp.example.com/userinfo",
                        "jwks_uri", "https://idp.example.com/jwks")));
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("ada").temporaryPassword(TEMPORARY_PASSWORD)
                .messageAction(MessageActionType.SUPPRESS));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("ada").password(PASSWORD).permanent(true));
        assertThatThrownBy(() -> cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "ada", "PASSWORD", WRONG_PASSWORD))))
                .isInstanceOf(NotAuthorizedException.class);
        AuthenticationResultType tokens = cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "ada", "PASSWORD", PASSWORD))).authenticationResult();
        cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", tokens.refreshToken())));
        cognito.changePassword(r -> r.accessToken(tokens.accessToken()).previousPassword(PASSWORD)
                .proposedPassword("N3w-" + PASSWORD));
        cognito.revokeToken(r -> r.clientId(clientId).token(tokens.refreshToken()));

        List<String> secrets = List.of(TEMPORARY_PASSWORD, PASSWORD, WRONG_PASSWORD, clientSecret, IDP_SECRET,
                tokens.accessToken(), tokens.idToken(), tokens.refreshToken(), TestServer.SECRET_ACCESS_KEY);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).isNotEmpty();
        List<String> kinds = new ArrayList<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            kinds.add(record.get("kind").asText() + ":" + record.path("operation").asText(record.path("outcome").asText()));
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
                // a JSON escape must not hide one either
                assertThat(record.toString()).doesNotContain(secret);
            }
        }
        assertThat(kinds).contains("admin_change:CreateUserPoolClient", "admin_change:CreateIdentityProvider",
                "admin_change:AdminCreateUser", "admin_change:AdminSetUserPassword", "auth_event:Fail", "auth_event:Pass");
        List<String> stored = server.server().database().jdbi().withHandle(h -> {
            List<String> docs = new ArrayList<>(h.createQuery("SELECT doc FROM admin_changes").mapTo(String.class).list());
            docs.addAll(h.createQuery("SELECT doc FROM auth_events").mapTo(String.class).list());
            return docs;
        });
        assertThat(stored).hasSizeGreaterThanOrEqualTo(lines.size());
        for (String doc : stored) {
            for (String secret : secrets) {
                assertThat(doc).doesNotContain(secret);
            }
        }
    }

    @Test
    void theAuditLogIsOneJsonObjectPerLineAppendedToAnOwnerOnlyFile() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        Files.writeString(log, "{\"kind\":\"earlier\"}\n");
        TestServer server = withAuditLog(log, java.time.Clock.systemUTC());
        server.client().createUserPool(r -> r.poolName("appended"));

        List<String> lines = Files.readAllLines(log);
        assertThat(lines.getFirst()).isEqualTo("{\"kind\":\"earlier\"}");
        JsonNode change = JSON.readTree(lines.getLast());
        assertThat(change.get("kind").asText()).isEqualTo("admin_change");
        assertThat(change.get("operation").asText()).isEqualTo("CreateUserPool");
        assertThat(change.get("accessKeyId").asText()).isEqualTo(TestServer.ACCESS_KEY_ID);
        assertThat(change.get("outcome").asText()).isEqualTo("Success");
        assertThat(Instant.parse(change.get("time").asText())).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }

    @Test
    void recordsOlderThanTheRetentionArePurgedByTheUpkeepLoop() {
        MovableClock clock = new MovableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        privateServer = TestServer.startWithAudit(backend, new AuditSettings(null, Duration.ofDays(30)), clock);
        CognitoIdentityProviderClient cognito = privateServer.client();
        String poolId = cognito.createUserPool(r -> r.poolName("retained")).userPool().id();
        JdbcAuditStore store = new JdbcAuditStore(privateServer.server().database().jdbi());
        String sub = "2b3c4d5e-0000-4000-8000-000000000001";
        store.record(event(poolId, sub, clock.instant()));
        clock.advance(Duration.ofDays(20));
        store.record(event(poolId, sub, clock.instant()));
        clock.advance(Duration.ofDays(11));

        privateServer.server().maintenance().runOnce();

        assertThat(store.authEvents(poolId, sub, 10, null).items()).singleElement()
                .satisfies(e -> assertThat(e.occurredAt()).isEqualTo(clock.instant().minus(Duration.ofDays(11))));
        assertThat(store.recentAdminChanges(10)).as("CreateUserPool, 31 days ago").isEmpty();
    }

    static AuthEvent event(String poolId, String sub, Instant at) {
        return new AuthEvent(UUID.randomUUID().toString(), at, poolId, sub, "ada", "client", AuthEvent.COGNITO,
                AuthEvent.Type.SignIn, AuthEvent.Response.Pass, List.of(AuthEvent.Challenge.PASSWORD_SUCCESS), "192.0.2.1",
                "agent", null);
    }

    /** The attack: a client's User-Agent that ends the line and forges a record of its own. */
    @Test
    void aUserAgentCannotForgeALineOfTheLog() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuditLog log = AuditLog.to(new PrintStream(out, true, StandardCharsets.UTF_8));
        String forged = "curl\n{\"kind\":\"admin_change\",\"operation\":\"DeleteUserPool\"}";
        log.write(new AuthEvent("e-1", Instant.now(), "us-east-1_pool", "sub", "ada", "client", AuthEvent.COGNITO,
                AuthEvent.Type.SignIn, AuthEvent.Response.Fail, List.of(), "192.0.2.1",
                new Origin("192.0.2.1", forged).userAgent(), null));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).singleElement();
        assertThat(JSON.readTree(lines.getFirst()).get("userAgent").asText()).isEqualTo(forged);
    }

    @Test
    void retentionIsReadAsDaysHoursOrAnIsoDuration() {
        assertThat(AuditSettings.parseRetention("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(AuditSettings.parseRetention("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(AuditSettings.parseRetention("P30D")).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> AuditSettings.parseRetention("forever")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditSettings(null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
