package dev.cognate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.CognateServer;
import dev.cognate.config.AdminCredentials;
import dev.cognate.config.Secrets;
import dev.cognate.config.Settings;
import dev.cognate.crypto.RandomIds;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.Database;
import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.store.jdbc.SealedValues;
import dev.cognate.testing.Backend;
import dev.cognate.testing.EmbeddedPostgres;
import dev.cognate.testing.SrpTestClient;
import dev.cognate.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;

/** `cognate keys rotate-master`: every sealed value moves to the new master key, resumably (docs/OPERATIONS.md). */
@ParameterizedClass
@EnumSource(Backend.class)
class RotateMasterKeyTest {
    static final String PASSWORD = "Rotated-Password-1";
    static final String IDP_SECRET = "idp-secret-6b1d";

    @Parameter
    Backend backend;

    final byte[] oldKey = RandomIds.bytes(32);
    final byte[] newKey = RandomIds.bytes(32);
    Path data;
    String dbUrl;
    String poolId;
    String confidentialId;
    String clientSecret;
    String publicId;
    String devicePoolClient;
    SrpTestClient.DeviceSecret device;

    @BeforeEach
    void storeSealedUnderTheOldKey() throws IOException {
        data = Files.createTempDirectory("cognate-rotate-");
        dbUrl = backend == Backend.POSTGRESQL ? EmbeddedPostgres.newDatabase() : null;
        try (CognateServer node = node(oldKey)) {
            CognitoIdentityProviderClient cognito = client(node);
            poolId = cognito.createUserPool(r -> r.poolName("rotated")).userPool().id();
            var confidential = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("confidential")
                    .generateSecret(true)).userPoolClient();
            confidentialId = confidential.clientId();
            clientSecret = confidential.clientSecret();
            publicId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("public")
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                            ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).userPoolClient().clientId();
            cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("corp")
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(Map.of("client_id", "corp",
                            "client_secret", IDP_SECRET, "authorize_scopes", "openid", "oidc_issuer", "https://idp.example.com",
                            "authorize_url", "https://idp.example.com/authorize", "token_url", "https://idp.example.com/token",
                            "attributes_url", "https://idp.example.com/userinfo", "jwks_uri", "https://idp.example.com/jwks",
                            "attributes_request_method", "GET")));
            cognito.adminCreateUser(r -> r.userPoolId(poolId).username("rita").messageAction("SUPPRESS"));
            cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("rita").password(PASSWORD).permanent(true));
            String accessToken = signIn(cognito);
            cognito.associateSoftwareToken(r -> r.accessToken(accessToken));
            rememberADevice(cognito);
            signingCertificate = cognito.getSigningCertificate(r -> r.userPoolId(poolId)).certificate();
        }
    }

    String signingCertificate;

    /** A device confirmed with its SRP verifier (sealed), in a pool of its own that tracks devices. */
    private void rememberADevice(CognitoIdentityProviderClient cognito) {
        String devicePool = cognito.createUserPool(r -> r.poolName("devices")
                .deviceConfiguration(d -> d.challengeRequiredOnNewDevice(true))).userPool().id();
        devicePoolClient = cognito.createUserPoolClient(r -> r.userPoolId(devicePool).clientName("app")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).userPoolClient().clientId();
        cognito.adminCreateUser(r -> r.userPoolId(devicePool).username("dora").messageAction("SUPPRESS"));
        cognito.adminSetUserPassword(r -> r.userPoolId(devicePool).username("dora").password(PASSWORD).permanent(true));
        var tokens = cognito.initiateAuth(r -> r.clientId(devicePoolClient).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "dora", "PASSWORD", PASSWORD))).authenticationResult();
        device = SrpTestClient.deviceSecret(tokens.newDeviceMetadata().deviceGroupKey(),
                tokens.newDeviceMetadata().deviceKey());
        cognito.confirmDevice(r -> r.accessToken(tokens.accessToken()).deviceKey(device.deviceKey())
                .deviceSecretVerifierConfig(v -> v.passwordVerifier(device.passwordVerifier()).salt(device.salt())));
    }

    /** The device proves itself, so its sealed verifier opened. */
    private void assertTheDeviceSignsIn(CognitoIdentityProviderClient cognito) {
        var afterPassword = cognito.initiateAuth(r -> r.clientId(devicePoolClient).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "dora", "PASSWORD", PASSWORD, "DEVICE_KEY", device.deviceKey())));
        SrpTestClient srp = new SrpTestClient();
        var verifier = cognito.respondToAuthChallenge(r -> r.clientId(devicePoolClient)
                .challengeName(ChallengeNameType.DEVICE_SRP_AUTH).session(afterPassword.session())
                .challengeResponses(Map.of("USERNAME", "dora", "DEVICE_KEY", device.deviceKey(), "SRP_A", srp.srpA())));
        assertThat(cognito.respondToAuthChallenge(r -> r.clientId(devicePoolClient)
                .challengeName(ChallengeNameType.DEVICE_PASSWORD_VERIFIER).session(verifier.session())
                .challengeResponses(srp.deviceClaim(device, "dora", verifier.challengeParameters())))
                .authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void aRotationStoppedHalfWayAndResumedLeavesEverySecretOpeningUnderTheNewKey() {
        try (Database database = Database.open(dbUrl, null, null, data)) {
            SealedValues sealed = new SealedValues(database.jdbi(), new SecretBox(newKey, List.of(oldKey)));
            int before = sealed.notUnderCurrentKey();
            // client secret, two signing keys, the SRP verifier, the TOTP secret being associated, the IdP secret,
            // the pool's certificate key
            assertThat(before).isGreaterThanOrEqualTo(7);
            assertThat(sealed.reseal(2)).as("stopped after two values").isEqualTo(2);
            assertThat(sealed.notUnderCurrentKey()).isEqualTo(before - 2);
        }
        // half-way: a node with the new key and the old one accepted serves everything
        try (CognateServer node = node(newKey, oldKey)) {
            assertEverySecretOpens(client(node));
        }

        Run resumed = rotate(Map.of(Secrets.ENV_PREVIOUS_MASTER_KEYS, encode(oldKey)));

        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("every sealed value opens with the current master key");
        try (Database database = Database.open(dbUrl, null, null, data)) {
            assertThat(new SealedValues(database.jdbi(), new SecretBox(newKey)).notUnderCurrentKey()).isZero();
        }
        try (CognateServer node = node(newKey)) {
            assertEverySecretOpens(client(node));
            assertThat(client(node).getSigningCertificate(r -> r.userPoolId(poolId)).certificate())
                    .as("the same certificate, its key now under the new master key").isEqualTo(signingCertificate);
        }
        try (Database database = Database.open(dbUrl, null, null, data)) {
            assertThat(new dev.cognate.store.jdbc.JdbcPoolCertificateStore(database.jdbi(), new SecretBox(newKey))
                    .find(poolId)).isPresent();
        }
        assertThat(rotate(Map.of(Secrets.ENV_PREVIOUS_MASTER_KEYS, encode(oldKey))).out()).contains("Re-sealed 0 values");
    }

    @Test
    void outboxMessagesMoveToTheNewKeyAndOnesNoKeyOpensArePassedOverNotFatal() {
        java.time.Instant now = java.time.Instant.now();
        try (Database database = Database.open(dbUrl, null, null, data)) {
            new JdbcOutboxStore(database.jdbi(), new SecretBox(oldKey)).add(outboxEntry("under-old", now,
                    "Your code is 111111."));
            new JdbcOutboxStore(database.jdbi(), new SecretBox(RandomIds.bytes(32))).add(outboxEntry("stray", now,
                    "Your code is 222222."));
            database.jdbi().useHandle(h -> h.execute("INSERT INTO outbox_messages (id, pool_id, medium, destination, "
                    + "subject, body, created_at, expires_at) VALUES ('plain', ?, 'EMAIL', 'old@example.com', "
                    + "'v1. Welcome', 'v1. Your code is 333333.', ?, ?)", poolId, now.toEpochMilli(),
                    now.plusSeconds(3600).toEpochMilli()));
        }

        Run rotated = rotate(Map.of(Secrets.ENV_PREVIOUS_MASTER_KEYS, encode(oldKey)));

        assertThat(rotated.exit()).as(rotated.err()).isZero();
        try (Database database = Database.open(dbUrl, null, null, data)) {
            Map<String, String> bodies = new java.util.HashMap<>();
            new JdbcOutboxStore(database.jdbi(), new SecretBox(newKey)).newest(poolId, now, 10)
                    .forEach(e -> bodies.put(e.id(), e.body()));
            assertThat(bodies).containsEntry("under-old", "Your code is 111111.")
                    .containsEntry("stray", JdbcOutboxStore.UNREADABLE)
                    .containsEntry("plain", "v1. Your code is 333333.");
        }
    }

    OutboxStore.Entry outboxEntry(String id, java.time.Instant now, String body) {
        return new OutboxStore.Entry(id, poolId, dev.cognate.store.DeliveryMedium.EMAIL, "rita@example.com", null,
                "Your verification code", body, now, now.plusSeconds(3600));
    }

    @Test
    void withoutThePreviousKeyTheRotationRefusesToStart() {
        Run refused = rotate(Map.of());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains(Secrets.ENV_PREVIOUS_MASTER_KEYS);
    }

    @Test
    void aValueNoKnownKeyOpensStopsTheRotationWithAnError() {
        Run wrong = rotate(Map.of(Secrets.ENV_PREVIOUS_MASTER_KEYS, encode(RandomIds.bytes(32))));
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("does not open");
        assertThatThrownBy(() -> new SecretBox(newKey).open(new SecretBox(oldKey).seal("x", "c"), "c"))
                .isInstanceOf(IllegalStateException.class);
    }

    private void assertEverySecretOpens(CognitoIdentityProviderClient cognito) {
        assertThat(cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId(confidentialId)).userPoolClient()
                .clientSecret()).isEqualTo(clientSecret);
        assertThat(cognito.describeIdentityProvider(r -> r.userPoolId(poolId).providerName("corp")).identityProvider()
                .providerDetails()).containsEntry("client_secret", IDP_SECRET);
        assertThat(signIn(cognito)).isNotBlank();
        assertTheDeviceSignsIn(cognito);
    }

    private String signIn(CognitoIdentityProviderClient cognito) {
        return cognito.initiateAuth(r -> r.clientId(publicId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "rita", "PASSWORD", PASSWORD))).authenticationResult().accessToken();
    }

    record Run(int exit, String out, String err) {}

    private Run rotate(Map<String, String> moreEnv) {
        KeysCommand.RotateMaster command = new KeysCommand.RotateMaster();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>(moreEnv);
        env.put(Secrets.ENV_ACCESS_KEY, TestServer.ACCESS_KEY_ID);
        env.put(Secrets.ENV_SECRET_KEY, TestServer.SECRET_ACCESS_KEY);
        env.put(Secrets.ENV_MASTER_KEY, encode(newKey));
        command.env = env;
        List<String> args = new ArrayList<>(List.of("--data", data.toString()));
        if (dbUrl != null) {
            args.addAll(List.of("--db-url", dbUrl));
        }
        int exit = new CommandLine(command).execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private CognateServer node(byte[] masterKey, byte[]... previous) {
        return CognateServer.start(new Settings("127.0.0.1", 0, null, data, dbUrl, null, null, null),
                new Secrets.Resolved(AdminCredentials.single(TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY),
                        TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY, masterKey, false, false, List.of(previous)));
    }

    private static CognitoIdentityProviderClient client(CognateServer node) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + node.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static String encode(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
