package dev.cognate.oauth;

import dev.cognate.tokens.Issuers;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.List;
import java.nio.charset.StandardCharsets;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.jdbc.JdbcSigningKeyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class DiscoveryTest {
    @Parameter
    Backend backend;

    TestServer server;
    String poolId;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void createPool() {
        server = TestServer.shared(backend);
        poolId = server.client().createUserPool(r -> r.poolName("discovery")).userPool().id();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void discoveryDocumentIsReadByARealRelyingPartyLibrary() throws Exception {
        HttpResponse<String> response = get("/" + poolId + "/.well-known/openid-configuration");
        assertThat(response.statusCode()).isEqualTo(200);
        OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(response.body());

        String base = "http://localhost:" + server.port();
        assertThat(metadata.getIssuer().getValue()).isEqualTo(base + "/" + poolId);
        assertThat(metadata.getAuthorizationEndpointURI()).isEqualTo(URI.create(base + "/oauth2/authorize"));
        assertThat(metadata.getTokenEndpointURI()).isEqualTo(URI.create(base + "/oauth2/token"));
        assertThat(metadata.getUserInfoEndpointURI()).isEqualTo(URI.create(base + "/oauth2/userInfo"));
        assertThat(metadata.getRevocationEndpointURI()).isEqualTo(URI.create(base + "/oauth2/revoke"));
        assertThat(metadata.getEndSessionEndpointURI()).isEqualTo(URI.create(base + "/logout"));
        assertThat(metadata.getJWKSetURI()).isEqualTo(URI.create(base + "/" + poolId + "/.well-known/jwks.json"));
        assertThat(metadata.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        assertThat(metadata.getScopes().toStringList()).contains("openid", "email", "phone", "profile");
    }

    @Test
    void discoveryListsThePoolsCustomScopes() throws Exception {
        server.client().createResourceServer(r -> r.userPoolId(poolId).identifier("https://api.example.com").name("api")
                .scopes(s -> s.scopeName("read").scopeDescription("Read")));
        OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(get("/" + poolId + "/.well-known/openid-configuration").body());
        assertThat(metadata.getScopes().toStringList()).contains("openid", "https://api.example.com/read");
    }

    @Test
    void jwksPublishesSeparateIdAndAccessKeysWithoutPrivateParts() throws Exception {
        HttpResponse<String> response = get("/" + poolId + "/.well-known/jwks.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JWKSet jwks = JWKSet.parse(response.body());
        assertThat(jwks.getKeys()).hasSize(2);
        assertThat(jwks.getKeys()).extracting(JWK::getKeyID).doesNotHaveDuplicates();
        for (JWK key : jwks.getKeys()) {
            assertThat(key).isInstanceOf(RSAKey.class);
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
            assertThat(((RSAKey) key).size()).isEqualTo(2048);
        }
        assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    }

    @Test
    void rotationAddsKeysAndKeepsTheRetiredOnesPublished() throws Exception {
        JWKSet before = JWKSet.parse(get("/" + poolId + "/.well-known/jwks.json").body());
        server.server().keyRing().rotate(poolId);
        JWKSet after = JWKSet.parse(get("/" + poolId + "/.well-known/jwks.json").body());
        assertThat(after.getKeys()).hasSize(4);
        assertThat(after.getKeys()).extracting(JWK::getKeyID)
                .containsAll(before.getKeys().stream().map(JWK::getKeyID).toList());
    }

    @Test
    void awsStyleIssuerSettingMintsCognitosIssuerForClientsThatInsistOnIt() throws Exception {
        try (TestServer aws = TestServer.start(backend, Files.createTempDirectory("aws-issuer"),
                backend == Backend.POSTGRESQL ? dev.cognate.testing.EmbeddedPostgres.newDatabase() : null, null,
                Issuers.AWS_TEMPLATE)) {
            String pool = aws.client().createUserPool(r -> r.poolName("aws-issuer")).userPool().id();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    aws.endpoint().resolve("/" + pool + "/.well-known/openid-configuration")).build(),
                    HttpResponse.BodyHandlers.ofString());
            OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(response.body());
            assertThat(metadata.getIssuer().getValue()).isEqualTo("https://cognito-idp.us-east-1.amazonaws.com/" + pool);
            assertThat(metadata.getJWKSetURI()).isEqualTo(URI.create("http://localhost:" + aws.port() + "/" + pool
                    + "/.well-known/jwks.json"));
        }
    }

    @Test
    void unknownPoolHasNoDiscoveryDocument() throws Exception {
        assertThat(get("/us-east-1_Nope12345/.well-known/openid-configuration").statusCode()).isEqualTo(404);
        assertThat(get("/us-east-1_Nope12345/.well-known/jwks.json").statusCode()).isEqualTo(404);
        assertThat(get("/..%2F..%2Fetc/.well-known/jwks.json").statusCode()).isEqualTo(404);
    }

    @Test
    void signingKeysAreEncryptedAtRest() throws Exception {
        try (TestServer own = TestServer.start(backend)) {
            String pool = own.client().createUserPool(r -> r.poolName("keys-at-rest")).userPool().id();
            own.server().keyRing().publicKeys(pool);
            var store = new JdbcSigningKeyStore(own.server().database().jdbi(), new SecretBox(TestServer.MASTER_KEY));
            List<String> privateExponents = store.forPool(pool).stream()
                    .map(k -> k.jwk().getPrivateExponent().toString()).toList();
            assertThat(privateExponents).hasSize(2);

            String stored = own.server().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT public_jwk || private_sealed FROM signing_keys").mapTo(String.class).list()).toString();
            assertThat(stored).doesNotContain(privateExponents);
            if (backend == Backend.SQLITE) {
                own.close();
                try (Stream<Path> files = Files.list(own.dataDir())) {
                    for (Path file : files.toList()) {
                        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).doesNotContain(privateExponents);
                    }
                }
            }
        }
    }
}
