package dev.cognate.devidp.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cognate.devidp.directory.Application;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.directory.User;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/**
 * {@code POST /{tenant}/oauth2/v2.0/token}: client authentication, then one handler per grant
 * (authorization_code, refresh_token, client_credentials); Entra's success and error JSON, never cached.
 */
final class TokenEndpoint {
    private final Directory directory;
    private final Endpoints endpoints;
    private final ClientAuthenticator clients;
    private final AuthorizationCodes codes;
    private final RefreshTokens refreshTokens;
    private final TokenMinter minter;
    private final Clock clock;

    TokenEndpoint(Directory directory, Endpoints endpoints, ClientAuthenticator clients, AuthorizationCodes codes,
                  RefreshTokens refreshTokens, TokenMinter minter, Clock clock) {
        this.directory = directory;
        this.endpoints = endpoints;
        this.clients = clients;
        this.codes = codes;
        this.refreshTokens = refreshTokens;
        this.minter = minter;
        this.clock = clock;
    }

    /** Entra's success body; {@code client_info} only when the client asked with {@code client_info=1} (MSAL does). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenResponse(String tokenType, String scope, long expiresIn, long extExpiresIn, String accessToken,
                         String refreshToken, String idToken, String clientInfo) {}

    void token(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        try {
            Authority authority = Authority.resolve(ctx.pathParam("tenant"), directory)
                    .orElseThrow(() -> EntraError.tenantNotFound(ctx.pathParam("tenant")));
            String grantType = ctx.formParam("grant_type");
            if (grantType == null) {
                throw EntraError.missingParameter("grant_type");
            }
            Application app = clients.authenticate(ctx, authority);
            TokenResponse response = switch (grantType) {
                case "authorization_code" -> authorizationCode(ctx, app, authority);
                case "refresh_token" -> refreshToken(ctx, app);
                case "client_credentials" -> clientCredentials(ctx, app, authority);
                default -> throw EntraError.unsupportedGrantType(grantType);
            };
            ctx.json(response);
        } catch (EntraError e) {
            ctx.status(e.status()).json(ErrorReport.of(e, ctx, endpoints, clock.instant()).json());
        }
    }

    private TokenResponse authorizationCode(Context ctx, Application app, Authority authority) {
        String code = required(ctx, "code");
        AuthorizationCodes.Grant grant = switch (codes.redeem(code)) {
            case AuthorizationCodes.Redemption.Granted g -> g.grant();
            case AuthorizationCodes.Redemption.AlreadyRedeemed used -> {
                refreshTokens.revokeFamily(used.family());
                throw EntraError.codeRedeemed();
            }
            case AuthorizationCodes.Redemption.Expired e -> throw EntraError.grantExpired();
            case AuthorizationCodes.Redemption.Unknown u -> throw EntraError.malformedGrant();
        };
        if (!grant.clientId().equalsIgnoreCase(app.appId())) {
            throw EntraError.grantForOtherClient();
        }
        if (authority.kind() == Authority.Kind.TENANT && !authority.tenant().id().equals(grant.tenantId())) {
            throw EntraError.grantForOtherTenant();
        }
        String redirectUri = ctx.formParam("redirect_uri");
        if (redirectUri == null || !redirectUri.equals(grant.redirectUri())) {
            throw EntraError.replyAddressMismatch(String.valueOf(redirectUri), grant.redirectUri());
        }
        String verifier = ctx.formParam("code_verifier");
        if (grant.codeChallenge() != null) {
            if (verifier == null) {
                throw EntraError.missingParameter("code_verifier");
            }
            if (!Pkce.verify(grant.codeChallenge(), grant.codeChallengeMethod(), verifier)) {
                throw EntraError.pkceMismatch();
            }
        } else if (verifier != null) {
            throw EntraError.unexpectedCodeVerifier();
        }
        User user = directory.user(grant.userId()).orElseThrow(EntraError::malformedGrant);
        return userTokens(ctx, app, user, grant.scopes(), grant.nonce(), grant.sid(), grant.authTime(), grant.family());
    }

    private TokenResponse refreshToken(Context ctx, Application app) {
        RefreshTokens.Grant grant = refreshTokens.find(required(ctx, "refresh_token")).orElseThrow(EntraError::grantExpired);
        if (!grant.clientId().equalsIgnoreCase(app.appId())) {
            throw EntraError.grantForOtherClient();
        }
        Scopes scopes = grant.scopes();
        String requested = ctx.formParam("scope");
        if (requested != null && !requested.isBlank()) {
            Scopes narrower = Scopes.parse(requested, AuthorizeEndpoint.staticGraphScopes(app));
            if (!grant.scopes().consentNames().containsAll(narrower.consentNames())) {
                throw EntraError.invalidScope("A refresh token cannot add scopes the user did not grant.");
            }
            scopes = narrower;
        }
        User user = directory.user(grant.userId()).orElseThrow(EntraError::grantExpired);
        return userTokens(ctx, app, user, scopes, null, grant.sid(), grant.authTime(), grant.family());
    }

    private TokenResponse clientCredentials(Context ctx, Application app, Authority authority) {
        String requested = required(ctx, "scope").trim();
        // Entra ignores the OpenID Connect scopes MSAL adds to every request; exactly one <resource>/.default must remain.
        java.util.List<String> resources = java.util.Arrays.stream(requested.split("\\s+"))
                .filter(s -> !Scopes.OIDC.contains(s.toLowerCase(java.util.Locale.ROOT))).toList();
        if (resources.size() != 1 || !resources.getFirst().endsWith("/.default")) {
            throw EntraError.clientCredentialsScope(requested);
        }
        String scope = resources.getFirst();
        if (authority.kind() != Authority.Kind.TENANT) {
            throw EntraError.invalidParameter("tenant", "client credentials need a tenant-specific authority, not /"
                    + authority.segment() + ".");
        }
        String resource = scope.substring(0, scope.length() - "/.default".length());
        String accessToken = minter.appAccessToken(app, authority.tenant().id(), resource);
        long lifetime = TokenMinter.LIFETIME.toSeconds() - 1;
        return new TokenResponse("Bearer", null, lifetime, lifetime, accessToken, null, null, null);
    }

    private TokenResponse userTokens(Context ctx, Application app, User user, Scopes scopes, String nonce, String sid,
                                     java.time.Instant authTime, String family) {
        TokenMinter.Subject subject = new TokenMinter.Subject(app, user, scopes, nonce, sid, authTime);
        String accessToken = minter.graphAccessToken(subject);
        String idToken = scopes.has("openid") ? minter.idToken(subject, null, null) : null;
        String refreshToken = scopes.has("offline_access")
                ? refreshTokens.issue(app.appId(), user.id(), user.tenantId(), scopes, sid, authTime, family) : null;
        String clientInfo = "1".equals(ctx.formParam("client_info")) ? clientInfo(user) : null;
        long lifetime = TokenMinter.LIFETIME.toSeconds() - 1;
        return new TokenResponse("Bearer", scopes.responseScope(), lifetime, lifetime, accessToken, refreshToken, idToken, clientInfo);
    }

    /** base64url of {"uid": oid, "utid": tid}: what MSAL keys its account cache by. */
    private static String clientInfo(User user) {
        String json = "{\"uid\":\"" + user.id() + "\",\"utid\":\"" + user.tenantId() + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null || value.isEmpty()) {
            throw EntraError.missingParameter(name);
        }
        return value;
    }
}
