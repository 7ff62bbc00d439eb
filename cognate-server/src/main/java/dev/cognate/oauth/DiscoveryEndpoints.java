package dev.cognate.oauth;

import dev.cognate.tokens.Issuers;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cognate.store.UserPoolStore;
import dev.cognate.tokens.KeyRing;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code /{poolId}/.well-known/openid-configuration} and {@code /{poolId}/.well-known/jwks.json}
 * (OpenID Connect Discovery 1.0 section 4; RFC 8414). Unlike Cognito, the document names
 * {@code code_challenge_methods_supported}, which strict clients require for PKCE.
 */
public final class DiscoveryEndpoints {
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");

    public record Configuration(
            String issuer,
            String authorizationEndpoint,
            String tokenEndpoint,
            String userinfoEndpoint,
            String revocationEndpoint,
            String endSessionEndpoint,
            String jwksUri,
            List<String> responseTypesSupported,
            List<String> responseModesSupported,
            List<String> grantTypesSupported,
            List<String> subjectTypesSupported,
            List<String> idTokenSigningAlgValuesSupported,
            List<String> scopesSupported,
            List<String> tokenEndpointAuthMethodsSupported,
            List<String> revocationEndpointAuthMethodsSupported,
            List<String> codeChallengeMethodsSupported,
            List<String> claimsSupported,
            boolean requestUriParameterSupported) {}

    private final UserPoolStore pools;
    private final Issuers issuers;
    private final KeyRing keys;
    private final Function<String, List<String>> customScopes;

    /** @param customScopes the pool's resource-server scopes ({@code <identifier>/<scope>}) */
    public DiscoveryEndpoints(UserPoolStore pools, Issuers issuers, KeyRing keys, Function<String, List<String>> customScopes) {
        this.pools = pools;
        this.issuers = issuers;
        this.keys = keys;
        this.customScopes = customScopes;
    }

    public void configuration(Context ctx) throws JsonProcessingException {
        String poolId = ctx.pathParam("poolId");
        if (!knownPool(poolId)) {
            notFound(ctx, poolId);
            return;
        }
        String base = issuers.publicUrl();
        List<String> scopes = new ArrayList<>(List.of("openid", "email", "phone", "profile"));
        scopes.addAll(customScopes.apply(poolId));
        Configuration document = new Configuration(
                issuers.issuer(poolId),
                base + "/oauth2/authorize",
                base + "/oauth2/token",
                base + "/oauth2/userInfo",
                base + "/oauth2/revoke",
                base + "/logout",
                issuers.poolBase(poolId) + "/.well-known/jwks.json",
                List.of("code", "token"),
                List.of("query", "fragment"),
                List.of("authorization_code", "refresh_token", "client_credentials", "implicit"),
                List.of("public"),
                List.of("RS256"),
                scopes,
                List.of("client_secret_basic", "client_secret_post"),
                List.of("client_secret_basic", "client_secret_post"),
                List.of("S256"),
                List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "token_use",
                        "cognito:username", "cognito:groups", "email", "email_verified", "phone_number",
                        "phone_number_verified", "name", "given_name", "family_name", "middle_name", "nickname",
                        "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo",
                        "locale", "address", "updated_at", "identities"),
                false);
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType("application/json").result(OAuthJson.MAPPER.writeValueAsString(document));
    }

    public void jwks(Context ctx) {
        String poolId = ctx.pathParam("poolId");
        if (!knownPool(poolId)) {
            notFound(ctx, poolId);
            return;
        }
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType("application/json").result(keys.publicKeys(poolId).toString(true));
    }

    private boolean knownPool(String poolId) {
        return POOL_ID.matcher(poolId).matches() && pools.find(poolId).isPresent();
    }

    private static void notFound(Context ctx, String poolId) {
        ctx.status(404).contentType("application/json")
                .result("{\"message\":\"User pool " + (POOL_ID.matcher(poolId).matches() ? poolId : "")
                        + " does not exist.\"}");
    }
}
