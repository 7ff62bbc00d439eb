package dev.cognate.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.cognate.tokens.Issuers;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenMinterTest {
    TestServer server;
    String poolId;
    KeyRing keys;
    TokenMinter minter;
    final Instant authTime = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void setUp() {
        server = TestServer.shared(Backend.SQLITE);
        poolId = server.client().createUserPool(r -> r.poolName("minting")).userPool().id();
        keys = server.server().keyRing();
        minter = new TokenMinter(keys, new Issuers(() -> "https://id.example.com", null), Clock.systemUTC());
    }

    private TokenGrant grant(Set<String> scopes, String nonce) {
        return new TokenGrant(poolId, "client123", scopes, authTime, "origin-1", "event-1", nonce,
                Duration.ofMinutes(60), Duration.ofMinutes(5));
    }

    private JWTClaimsSet verified(String token) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(com.nimbusds.jose.JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(keys.publicKeys(poolId))));
        return processor.process(token, null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void idTokenHasCognitosClaimNamesAndTypes() throws Exception {
        TokenSubject subject = new TokenSubject("6f1c0d7e-1111-2222-3333-444455556666", "entra_abc", List.of("admins"),
                Map.of("email", "ada@example.com", "email_verified", "false", "given_name", "Ada", "custom:tenant", "t1"),
                "[{\"userId\":\"abc\",\"providerName\":\"entra\",\"providerType\":\"OIDC\",\"issuer\":null,"
                        + "\"primary\":\"true\",\"dateCreated\":\"1700000000000\"}]");
        TokenMinter.Minted minted = minter.mint(subject, grant(Set.of("openid", "email", "profile"), "n-0S6"), true);

        JWTClaimsSet id = verified(minted.idToken());
        assertThat(id.getSubject()).isEqualTo(subject.sub());
        assertThat(id.getAudience()).containsExactly("client123");
        assertThat(id.getIssuer()).isEqualTo("https://id.example.com/" + poolId);
        assertThat(id.getClaim("token_use")).isEqualTo("id");
        assertThat(id.getLongClaim("auth_time")).isEqualTo(authTime.getEpochSecond());
        assertThat(id.getClaim("cognito:username")).isEqualTo("entra_abc");
        assertThat(id.getStringListClaim("cognito:groups")).containsExactly("admins");
        assertThat(id.getClaim("email_verified")).isEqualTo(false);
        assertThat(id.getClaim("custom:tenant")).isEqualTo("t1");
        assertThat(id.getClaim("nonce")).isEqualTo("n-0S6");
        assertThat(id.getClaim("origin_jti")).isEqualTo("origin-1");
        assertThat(id.getClaim("at_hash")).isEqualTo(TokenMinter.atHash(minted.accessToken()));
        assertThat(id.getJWTID()).isNotBlank();
        List<?> identities = (List<?>) id.getClaim("identities");
        assertThat(identities).hasSize(1);
        assertThat((Map<String, Object>) identities.get(0)).containsEntry("primary", "true").containsEntry("dateCreated", "1700000000000");
        assertThat(Duration.between(id.getIssueTime().toInstant(), id.getExpirationTime().toInstant())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void accessTokenHasNoAudienceAndCarriesScopeAndVersion() throws Exception {
        TokenSubject subject = new TokenSubject("sub-1", "ada", List.of(), Map.of(), null);
        TokenMinter.Minted minted = minter.mint(subject, grant(Set.of("openid", "email"), null), false);
        JWTClaimsSet access = verified(minted.accessToken());
        assertThat(access.getAudience()).isEmpty();
        assertThat(access.getClaim("token_use")).isEqualTo("access");
        assertThat(access.getClaim("scope")).isEqualTo("email openid");
        assertThat(access.getClaim("client_id")).isEqualTo("client123");
        assertThat(access.getClaim("username")).isEqualTo("ada");
        assertThat(access.getLongClaim("version")).isEqualTo(2);
        assertThat(access.getClaim("cognito:groups")).isNull();
        assertThat(minted.accessJti()).isEqualTo(access.getJWTID());
    }

    @Test
    void idAndAccessTokensAreSignedWithDifferentKeys() throws Exception {
        TokenMinter.Minted minted = minter.mint(new TokenSubject("s", "u", List.of(), Map.of(), null),
                grant(Set.of("openid"), null), false);
        String idKid = SignedJWT.parse(minted.idToken()).getHeader().getKeyID();
        String accessKid = SignedJWT.parse(minted.accessToken()).getHeader().getKeyID();
        assertThat(idKid).isNotEqualTo(accessKid);
        assertThat(SignedJWT.parse(minted.idToken()).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    }

    @Test
    void noIdTokenWithoutOpenidScope() {
        TokenMinter.Minted minted = minter.mint(new TokenSubject("s", "u", List.of(), Map.of(), null),
                grant(Set.of("aws.cognito.signin.user.admin"), null), false);
        assertThat(minted.idToken()).isNull();
    }

    @Test
    void clientCredentialsTokenNamesTheClientAsSubject() throws Exception {
        TokenMinter.Minted minted = minter.mintForClient(poolId, "machine", Set.of("api/read"), Duration.ofMinutes(60));
        JWTClaimsSet access = verified(minted.accessToken());
        assertThat(access.getSubject()).isEqualTo("machine");
        assertThat(access.getClaim("client_id")).isEqualTo("machine");
        assertThat(access.getClaim("scope")).isEqualTo("api/read");
        assertThat(access.getClaim("username")).isNull();
    }

    @Test
    void aClientTokensClaimsHaveCognitosNamesTypesAndOrder() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TokenMinter.Minted minted = minter.mintForClient(poolId, "machine", Set.of("api/write", "api/read"),
                Duration.ofMinutes(60));

        SignedJWT jwt = SignedJWT.parse(minted.accessToken());
        assertThat(jwt.getHeader().toJSONObject()).containsOnlyKeys("alg", "kid", "typ");
        com.fasterxml.jackson.databind.JsonNode payload = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(jwt.getPayload().toBytes());
        assertThat(payload.fieldNames()).toIterable().containsExactly("sub", "token_use", "scope", "auth_time", "iss",
                "exp", "iat", "version", "jti", "client_id");
        JWTClaimsSet access = verified(minted.accessToken());
        assertThat(access.getStringClaim("token_use")).isEqualTo("access");
        assertThat(access.getStringClaim("scope")).isEqualTo("api/read api/write");
        assertThat(access.getIssuer()).isEqualTo("https://id.example.com/" + poolId);
        assertThat(access.getJWTID()).isEqualTo(minted.accessJti());
        assertThat(payload.get("version").isIntegralNumber()).isTrue();
        assertThat(payload.get("auth_time").asLong()).isEqualTo(payload.get("iat").asLong()).isGreaterThanOrEqualTo(
                before.getEpochSecond());
        assertThat(payload.get("exp").asLong()).isEqualTo(minted.accessExpiresAt().getEpochSecond())
                .isEqualTo(payload.get("iat").asLong() + 3600);
    }

    @Test
    void aClientTokenKeepsATriggersChangesButNotItsProtectedOnes() throws Exception {
        TokenCustomization custom = new TokenCustomization(null, new TokenCustomization.ClaimChanges(
                Map.of("tenant", "t1", "sub", "someone-else", "client_id", "other"), Set.of("version")), null, null,
                null, Set.of("api/extra"), Set.of());

        JWTClaimsSet access = verified(minter.mintForClient(poolId, "machine", Set.of("api/read"), Duration.ofMinutes(5),
                custom).accessToken());

        assertThat(access.getStringClaim("tenant")).isEqualTo("t1");
        assertThat(access.getSubject()).isEqualTo("machine");
        assertThat(access.getStringClaim("client_id")).isEqualTo("machine");
        assertThat(access.getLongClaim("version")).isEqualTo(2);
        assertThat(access.getStringClaim("scope")).isEqualTo("api/extra api/read");
    }

    @Test
    void tokensMintedOneAfterAnotherEachVerify() throws Exception {
        TokenSubject subject = new TokenSubject("s", "u", List.of(), Map.of("email", "u@example.com"), null);
        for (int i = 0; i < 5; i++) {
            TokenMinter.Minted user = minter.mint(subject, grant(Set.of("openid", "email"), "n" + i), true);
            assertThat(verified(user.idToken()).getStringClaim("nonce")).isEqualTo("n" + i);
            assertThat(verified(user.accessToken()).getJWTID()).isEqualTo(user.accessJti());
            TokenMinter.Minted client = minter.mintForClient(poolId, "machine" + i, Set.of("api/read"), Duration.ofMinutes(5));
            assertThat(verified(client.accessToken()).getSubject()).isEqualTo("machine" + i);
        }
    }

    @Test
    void aRotatedKeysTokensNameTheNewKeyInTheirKeptHeader() throws Exception {
        String before = SignedJWT.parse(minter.mintForClient(poolId, "machine", Set.of("api/read"), Duration.ofMinutes(5))
                .accessToken()).getHeader().getKeyID();

        keys.rotate(poolId);

        SignedJWT after = SignedJWT.parse(minter.mintForClient(poolId, "machine", Set.of("api/read"),
                Duration.ofMinutes(5)).accessToken());
        assertThat(after.getHeader().getKeyID()).isNotEqualTo(before)
                .isEqualTo(keys.activeKey(poolId, dev.cognate.store.KeyPurpose.ACCESS).kid());
        assertThat(after.getHeader().getType()).isEqualTo(com.nimbusds.jose.JOSEObjectType.JWT);
        assertThat(after.getHeader().toJSONObject()).containsOnlyKeys("alg", "kid", "typ");
        verified(after.serialize());
    }
}
