package dev.cognate.devidp.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.devidp.crypto.RandomValues;
import dev.cognate.devidp.crypto.SigningKeys;
import dev.cognate.devidp.directory.Application;
import dev.cognate.devidp.directory.ResourceAccess;
import dev.cognate.devidp.directory.Tenant;
import dev.cognate.devidp.directory.User;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints Entra-shaped tokens: v2.0 ID tokens for apps, v1.0-style access tokens for Microsoft Graph (userinfo). */
final class TokenMinter {
    static final Duration LIFETIME = Duration.ofHours(1);
    static final int GROUPS_OVERAGE_LIMIT = 200;
    private static final byte[] PAIRWISE_KEY = "cognate-devidp pairwise subject".getBytes(StandardCharsets.UTF_8);

    private final SigningKeys keys;
    private final Endpoints endpoints;
    private final Clock clock;

    TokenMinter(SigningKeys keys, Endpoints endpoints, Clock clock) {
        this.keys = keys;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** What the ID token is about; {@code codeOrNull}/{@code accessTokenOrNull} add c_hash/at_hash (hybrid and implicit flows). */
    record Subject(Application app, User user, Scopes scopes, String nonce, String sid, Instant authTime) {}

    String idToken(Subject s, String codeOrNull, String accessTokenOrNull) {
        Instant now = clock.instant();
        Application app = s.app();
        User user = s.user();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(app.appId())
                .issuer(endpoints.issuer(user.tenantId()))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim("aio", RandomValues.token(60))
                .claim("oid", user.id())
                .claim("rh", "1.A" + RandomValues.token(40))
                .claim("sid", s.sid())
                .subject(pairwiseSubject(app.appId(), user.id()))
                .claim("tid", user.tenantId())
                .claim("uti", RandomValues.token(16))
                .claim("ver", "2.0");
        if (s.nonce() != null) {
            claims.claim("nonce", s.nonce());
        }
        if (user.isGuest()) {
            claims.claim("idp", Tenant.CONSUMERS_ID.equals(user.homeTenantId()) ? "live.com" : Endpoints.stsIssuer(user.homeTenantId()));
        }
        if (s.scopes().has("profile")) {
            claims.claim("name", user.displayName());
            claims.claim("preferred_username", user.userPrincipalName());
        }
        boolean emailAllowed = user.mail() != null && (user.mailVerified() || !app.dropsUnverifiedEmail());
        if (emailAllowed && (s.scopes().has("email") || app.wantsOptionalClaim("email"))) {
            claims.claim("email", user.mail());
        }
        if (app.wantsOptionalClaim("given_name") && user.givenName() != null) {
            claims.claim("given_name", user.givenName());
        }
        if (app.wantsOptionalClaim("family_name") && user.surname() != null) {
            claims.claim("family_name", user.surname());
        }
        if (app.wantsOptionalClaim("xms_edov") && user.mail() != null) {
            claims.claim("xms_edov", user.mailVerified());
        }
        if (app.wantsOptionalClaim("verified_primary_email") && user.mail() != null && user.mailVerified()) {
            claims.claim("verified_primary_email", List.of(user.mail()));
        }
        if (app.wantsOptionalClaim("login_hint")) {
            String hint = "{\"oid\":\"" + user.id() + "\",\"tid\":\"" + user.tenantId() + "\",\"upn\":\"" + user.userPrincipalName() + "\"}";
            claims.claim("login_hint", "O.Ci" + Base64.getUrlEncoder().withoutPadding().encodeToString(hint.getBytes(StandardCharsets.UTF_8)));
        }
        if (app.emitsGroups()) {
            if (user.groups().size() > GROUPS_OVERAGE_LIMIT) {
                claims.claim("_claim_names", Map.of("groups", "src1"));
                claims.claim("_claim_sources", Map.of("src1", Map.of("endpoint",
                        endpoints.base() + "/v1.0/users/" + user.id() + "/getMemberObjects")));
            } else {
                claims.claim("groups", user.groups());
            }
        }
        if (codeOrNull != null) {
            claims.claim("c_hash", Pkce.halfHash(codeOrNull));
        }
        if (accessTokenOrNull != null) {
            claims.claim("at_hash", Pkce.halfHash(accessTokenOrNull));
        }
        return keys.sign(claims.build());
    }

    /** A delegated access token for Microsoft Graph, shaped like Entra's (v1.0 issuer, {@code scp}); userinfo accepts it. */
    String graphAccessToken(Subject s) {
        Instant now = clock.instant();
        User user = s.user();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(ResourceAccess.MICROSOFT_GRAPH)
                .issuer(Endpoints.stsIssuer(user.tenantId()))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim("app_displayname", s.app().displayName())
                .claim("appid", s.app().appId())
                .claim("idtyp", "user")
                .claim("oid", user.id())
                .claim("scp", String.join(" ", s.scopes().accessTokenScopes()))
                .subject(pairwiseSubject(ResourceAccess.MICROSOFT_GRAPH, user.id()))
                .claim("tid", user.tenantId())
                .claim("unique_name", user.userPrincipalName())
                .claim("upn", user.userPrincipalName())
                .claim("name", user.displayName())
                .claim("uti", RandomValues.token(16))
                .claim("ver", "1.0");
        if (s.sid() != null) {
            claims.claim("sid", s.sid());
        }
        return keys.sign(claims.build());
    }

    /** An app-only access token (client credentials) for {@code resource}. */
    String appAccessToken(Application app, String tenantId, String resource) {
        Instant now = clock.instant();
        String servicePrincipal = java.util.UUID.nameUUIDFromBytes((app.appId() + "|" + tenantId).getBytes(StandardCharsets.UTF_8)).toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(resource.equals(Scopes.GRAPH_RESOURCE) ? ResourceAccess.MICROSOFT_GRAPH : resource)
                .issuer(Endpoints.stsIssuer(tenantId))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim("app_displayname", app.displayName())
                .claim("appid", app.appId())
                .claim("idtyp", "app")
                .claim("oid", servicePrincipal)
                .subject(servicePrincipal)
                .claim("tid", tenantId)
                .claim("uti", RandomValues.token(16))
                .claim("ver", "1.0")
                .build();
        return keys.sign(claims);
    }

    /** Entra's pairwise {@code sub}: stable for one user and one application, different across applications. */
    static String pairwiseSubject(String appId, String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(PAIRWISE_KEY, "HmacSHA256"));
            byte[] digest = mac.doFinal((appId.toLowerCase() + "|" + userId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
