package dev.cognate.demo.setup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Steps 2 to 6 of the seed, done through the dev IdP's Graph-shaped API as {@code az rest} would do them against
 * Microsoft Graph: register the app (name, supported account types, web redirect URI, optional ID-token claims,
 * delegated Graph permissions), add a client secret, create its service principal and grant admin consent.
 */
public final class AppRegistrations {
    /** Microsoft Graph's appId and its delegated permission ids (the same in every tenant). */
    static final String MICROSOFT_GRAPH = "00000003-0000-0000-c000-000000000000";
    static final List<Permission> OIDC_PERMISSIONS = List.of(
            new Permission("37f7f235-527c-4136-accd-4a02d197296e", "Scope"),   // openid
            new Permission("14dad69e-099b-42c9-810b-d002981feec1", "Scope"),   // profile
            new Permission("64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", "Scope"));  // email
    /** The claims Cognate's attribute mapping reads, plus Entra's e-mail verification flag. */
    static final List<String> OPTIONAL_ID_TOKEN_CLAIMS = List.of("email", "given_name", "family_name", "xms_edov");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String graphBase;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    /** An app registration's client id and the client secret's value (shown only when it is added). */
    public record Registration(String appId, String clientSecret) {
        @Override
        public String toString() {
            return "Registration[appId=" + appId + "]";
        }
    }

    record Permission(String id, String type) {}

    record ResourceAccess(String resourceAppId, List<Permission> resourceAccess) {}

    record OptionalClaim(String name) {}

    record OptionalClaims(List<OptionalClaim> idToken) {}

    record Web(List<String> redirectUris) {}

    record Application(String displayName, String signInAudience, Web web, OptionalClaims optionalClaims,
                       List<ResourceAccess> requiredResourceAccess) {}

    record PasswordCredential(String displayName) {}

    record AddPassword(PasswordCredential passwordCredential) {}

    record ServicePrincipal(String appId) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PermissionGrant(String clientId, String consentType, String resourceId, String scope) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(String id, String appId, String secretText) {}

    /** @param graphBase the dev IdP's base URL (Microsoft Graph's is https://graph.microsoft.com) */
    public AppRegistrations(String graphBase, String adminToken) {
        this.graphBase = graphBase;
        this.adminToken = adminToken;
    }

    /**
     * Registers a web app in {@code tenant} whose redirect URI is Cognate's {@code /oauth2/idpresponse}, with a new
     * client secret and the tenant's admin consent to openid, profile and email.
     *
     * @param signInAudience {@code AzureADMyOrg} (this directory only) or {@code AzureADMultipleOrgs} (any organization)
     */
    public Registration register(String tenant, String displayName, String signInAudience, String redirectUri) {
        Created app = post(tenant, "/v1.0/applications", new Application(displayName, signInAudience,
                new Web(List.of(redirectUri)),
                new OptionalClaims(OPTIONAL_ID_TOKEN_CLAIMS.stream().map(OptionalClaim::new).toList()),
                List.of(new ResourceAccess(MICROSOFT_GRAPH, OIDC_PERMISSIONS))));
        Created secret = post(tenant, "/v1.0/applications/" + app.id() + "/addPassword",
                new AddPassword(new PasswordCredential("Cognate")));
        Created servicePrincipal = post(tenant, "/v1.0/servicePrincipals", new ServicePrincipal(app.appId()));
        post(tenant, "/v1.0/oauth2PermissionGrants",
                new PermissionGrant(servicePrincipal.id(), "AllPrincipals", null, "openid profile email"));
        return new Registration(app.appId(), secret.secretText());
    }

    private Created post(String tenant, String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(graphBase + path)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + adminToken)
                    .header("X-DevIdp-Tenant", tenant)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return json.readValue(response.body(), Created.class);
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + graphBase + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
