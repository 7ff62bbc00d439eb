package dev.cognate.devidp.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cognate.devidp.crypto.SigningKeys;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.directory.Tenant;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/** {@code /{tenant}/v2.0/.well-known/openid-configuration} and {@code /{tenant}/discovery/v2.0/keys}, as Entra publishes them. */
final class Discovery {
    private final Directory directory;
    private final SigningKeys keys;
    private final Endpoints endpoints;
    private final Clock clock;

    Discovery(Directory directory, SigningKeys keys, Endpoints endpoints, Clock clock) {
        this.directory = directory;
        this.keys = keys;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Document(String tokenEndpoint, List<String> tokenEndpointAuthMethodsSupported, String jwksUri,
                    List<String> responseModesSupported, List<String> subjectTypesSupported,
                    List<String> idTokenSigningAlgValuesSupported, List<String> responseTypesSupported,
                    List<String> scopesSupported, String issuer, boolean requestUriParameterSupported,
                    String userinfoEndpoint, String authorizationEndpoint, String deviceAuthorizationEndpoint,
                    boolean httpLogoutSupported, boolean frontchannelLogoutSupported, String endSessionEndpoint,
                    List<String> claimsSupported, String kerberosEndpoint, String tenantRegionScope,
                    String cloudInstanceName, String cloudGraphHostName, String msgraphHost, String rbacUrl) {}

    record Jwks(List<SigningKeys.PublishedKey> keys) {}

    void openidConfiguration(Context ctx) {
        Authority authority = resolve(ctx);
        if (authority == null) {
            return;
        }
        String segment = authority.endpointSegment();
        String host = URI.create(endpoints.base()).getAuthority();
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.json(new Document(
                endpoints.token(segment),
                List.of("client_secret_post", "private_key_jwt", "client_secret_basic"),
                endpoints.keys(segment),
                List.of("query", "fragment", "form_post"),
                List.of("pairwise"),
                List.of("RS256"),
                List.of("code", "id_token", "code id_token", "id_token token"),
                List.of("openid", "profile", "email", "offline_access"),
                issuerOf(authority),
                false,
                endpoints.userinfo(),
                endpoints.authorize(segment),
                endpoints.deviceCode(segment),
                true,
                true,
                endpoints.logout(segment),
                List.of("sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
                        "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name",
                        "tid", "ver", "at_hash", "c_hash", "email"),
                endpoints.base() + "/" + segment + "/kerberos",
                authority.kind() == Authority.Kind.TENANT && !authority.tenant().isConsumers() ? "NA" : null,
                host,
                host,
                host,
                endpoints.base() + "/rbac"));
    }

    void keys(Context ctx) {
        Authority authority = resolve(ctx);
        if (authority == null) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.json(new Jwks(keys.published(issuerOf(authority))));
    }

    /** The document's issuer and each key's {@code issuer} member: the tenant's, the {tenantid} template, or the consumers tenant's. */
    private String issuerOf(Authority authority) {
        if (authority.kind() == Authority.Kind.CONSUMERS) {
            return endpoints.issuer(Tenant.CONSUMERS_ID);
        }
        return endpoints.issuer(authority.issuerTenant());
    }

    private Authority resolve(Context ctx) {
        String segment = ctx.pathParam("tenant");
        return Authority.resolve(segment, directory).orElseGet(() -> {
            EntraError error = new EntraError("invalid_tenant", 90002, EntraError.tenantNotFound(segment).text());
            ctx.status(400).json(ErrorReport.of(error, ctx, endpoints, clock.instant()).json());
            return null;
        });
    }
}
