package dev.cognate.tokens;

import dev.cognate.http.WireJson;

import dev.cognate.store.KeyPurpose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Mints Cognito-shaped JWTs: claim names and types as in Cognito (reference/cognito.md,
 * "Tokens"), RS256 with the pool's purpose-specific key, kid in the header.
 */
public final class TokenMinter {
    private static final ObjectMapper JSON = WireJson.PLAIN;
    private static final Set<String> BOOLEAN_ATTRIBUTES = Set.of("email_verified", "phone_number_verified");
    private static final Set<String> NUMBER_ATTRIBUTES = Set.of("updated_at");

    public record Minted(String idToken, String accessToken, String accessJti, Instant accessExpiresAt) {}

    private final KeyRing keys;
    private final Issuers issuers;
    private final Clock clock;

    public TokenMinter(KeyRing keys, Issuers issuers, Clock clock) {
        this.keys = keys;
        this.issuers = issuers;
        this.clock = clock;
    }

    /** Access token, and the ID token when the grant carries {@code openid}. */
    public Minted mint(TokenSubject subject, TokenGrant grant, boolean withAtHash) {
        return mint(subject, grant, withAtHash, TokenCustomization.NONE);
    }

    /** As {@link #mint(TokenSubject, TokenGrant, boolean)}, with what a trigger asked (within its rules). */
    public Minted mint(TokenSubject subject, TokenGrant grant, boolean withAtHash, TokenCustomization custom) {
        Instant now = clock.instant();
        String accessJti = UUID.randomUUID().toString();
        Instant accessExpires = now.plus(grant.accessTokenValidity());
        List<String> groups = custom.groupsOverride() != null ? custom.groupsOverride() : subject.groups();
        JWTClaimsSet.Builder access = new JWTClaimsSet.Builder()
                .subject(subject.sub());
        if (grant.deviceKey() != null) {
            access.claim("device_key", grant.deviceKey());
        }
        if (!groups.isEmpty()) {
            access.claim("cognito:groups", groups);
        }
        access.issuer(issuers.issuer(grant.poolId()))
                .claim("version", 2)
                .claim("client_id", grant.clientId())
                .claim("origin_jti", grant.originJti())
                .claim("event_id", grant.eventId())
                .claim("token_use", "access")
                .claim("scope", String.join(" ", accessScopes(grant.scopes(), custom)))
                .claim("auth_time", grant.authTime().getEpochSecond())
                .expirationTime(Date.from(accessExpires))
                .issueTime(Date.from(now))
                .jwtID(accessJti)
                .claim("username", subject.username());
        String accessToken = sign(grant.poolId(), KeyPurpose.ACCESS, customized(access.build(), custom.access()));

        String idToken = null;
        if (grant.includesIdToken()) {
            JWTClaimsSet.Builder id = new JWTClaimsSet.Builder();
            id.subject(subject.sub());
            if (!groups.isEmpty()) {
                id.claim("cognito:groups", groups);
            }
            if (custom.iamRoles() != null && !custom.iamRoles().isEmpty()) {
                id.claim("cognito:roles", custom.iamRoles());
            }
            if (custom.preferredRole() != null) {
                id.claim("cognito:preferred_role", custom.preferredRole());
            }
            subject.readableAttributes().forEach((name, value) -> {
                if (!name.equals("sub")) {
                    id.claim(name, typed(name, value));
                }
            });
            if (withAtHash) {
                id.claim("at_hash", atHash(accessToken));
            }
            id.issuer(issuers.issuer(grant.poolId()))
                    .claim("cognito:username", subject.username())
                    .claim("origin_jti", grant.originJti())
                    .audience(grant.clientId())
                    .claim("event_id", grant.eventId())
                    .claim("token_use", "id")
                    .claim("auth_time", grant.authTime().getEpochSecond())
                    .expirationTime(Date.from(now.plus(grant.idTokenValidity())))
                    .issueTime(Date.from(now))
                    .jwtID(UUID.randomUUID().toString());
            if (grant.nonce() != null) {
                id.claim("nonce", grant.nonce());
            }
            if (!grant.amr().isEmpty()) {
                id.claim("amr", grant.amr());
            }
            if (subject.identitiesJson() != null) {
                id.claim("identities", parseIdentities(subject.identitiesJson()));
            }
            idToken = sign(grant.poolId(), KeyPurpose.ID, customized(id.build(), custom.id()));
        }
        return new Minted(idToken, accessToken, accessJti, accessExpires);
    }

    /** The client_credentials access token: the client is the subject; no user claims. */
    public Minted mintForClient(String poolId, String clientId, Set<String> scopes, Duration validity) {
        return mintForClient(poolId, clientId, scopes, validity, TokenCustomization.NONE);
    }

    /** As {@link #mintForClient(String, String, Set, Duration)}, with a V3 trigger's access token changes and scopes. */
    public Minted mintForClient(String poolId, String clientId, Set<String> scopes, Duration validity,
                                TokenCustomization custom) {
        Instant now = clock.instant();
        String jti = UUID.randomUUID().toString();
        Instant expires = now.plus(validity);
        String scope = String.join(" ", accessScopes(scopes, custom));
        if (unchanged(custom.access())) {
            // exp and iat in whole seconds, as JWTClaimsSet writes them
            byte[] claims = new ClientAccessClaims(clientId, scope, issuers.issuer(poolId), now, expires, jti).json();
            return new Minted(null, CompactJws.sign(keys.activeKey(poolId, KeyPurpose.ACCESS), claims), jti, expires);
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(clientId)
                .claim("token_use", "access")
                .claim("scope", scope)
                .claim("auth_time", now.getEpochSecond())
                .issuer(issuers.issuer(poolId))
                .expirationTime(Date.from(expires))
                .issueTime(Date.from(now))
                .claim("version", 2)
                .jwtID(jti)
                .claim("client_id", clientId)
                .build();
        return new Minted(null, sign(poolId, KeyPurpose.ACCESS, customized(claims, custom.access())), jti, expires);
    }

    /** The granted scopes, plus those a trigger added (never {@link TokenCustomization#UNADDABLE_SCOPES}), less those it suppressed. */
    private static TreeSet<String> accessScopes(Set<String> granted, TokenCustomization custom) {
        TreeSet<String> scopes = new TreeSet<>(granted);
        custom.scopesToAdd().stream()
                .filter(s -> !TokenCustomization.UNADDABLE_SCOPES.contains(s) && !s.isBlank() && !s.contains(" "))
                .forEach(scopes::add);
        scopes.removeAll(custom.scopesToSuppress());
        return scopes;
    }

    /** The claims with a trigger's changes; a change to a {@link TokenCustomization#PROTECTED} claim is ignored. */
    private static JWTClaimsSet customized(JWTClaimsSet claims, TokenCustomization.ClaimChanges changes) {
        if (unchanged(changes)) {
            return claims;
        }
        Map<String, Object> all = new java.util.LinkedHashMap<>(claims.getClaims());
        changes.suppress().stream().filter(name -> !TokenCustomization.PROTECTED.contains(name)).forEach(all::remove);
        changes.addOrOverride().forEach((name, value) -> {
            if (!TokenCustomization.PROTECTED.contains(name) && value != null) {
                all.put(name, value);
            }
        });
        JWTClaimsSet.Builder rebuilt = new JWTClaimsSet.Builder();
        all.forEach(rebuilt::claim);
        return rebuilt.build();
    }

    private static boolean unchanged(TokenCustomization.ClaimChanges changes) {
        return changes.addOrOverride().isEmpty() && changes.suppress().isEmpty();
    }

    private String sign(String poolId, KeyPurpose purpose, JWTClaimsSet claims) {
        return CompactJws.sign(keys.activeKey(poolId, purpose), claims.toPayload().toBytes());
    }

    private static Object typed(String name, String value) {
        if (BOOLEAN_ATTRIBUTES.contains(name)) {
            return Boolean.parseBoolean(value);
        }
        if (NUMBER_ATTRIBUTES.contains(name)) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value;
    }

    private static List<Map<String, Object>> parseIdentities(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored identities attribute is not JSON", e);
        }
    }

    /** OIDC Core 3.1.3.6: base64url of the left half of SHA-256 of the access token. */
    static String atHash(String accessToken) {
        return AccessTokenHash.compute(new BearerAccessToken(accessToken), JWSAlgorithm.RS256, null).getValue();
    }
}
