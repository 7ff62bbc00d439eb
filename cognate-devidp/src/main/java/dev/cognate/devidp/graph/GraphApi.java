package dev.cognate.devidp.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.devidp.crypto.Certificates;
import dev.cognate.devidp.crypto.RandomValues;
import dev.cognate.devidp.crypto.SigningKeys;
import dev.cognate.devidp.directory.Application;
import dev.cognate.devidp.directory.ConsentGrant;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.directory.KeyCredential;
import dev.cognate.devidp.directory.PasswordCredential;
import dev.cognate.devidp.directory.ResourceAccess;
import dev.cognate.devidp.directory.SignInAudience;
import dev.cognate.devidp.directory.Tenant;
import dev.cognate.devidp.directory.User;
import dev.cognate.devidp.graph.GraphShapes.*;
import dev.cognate.devidp.oauth.Endpoints;
import dev.cognate.devidp.oauth.RedirectUris;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Microsoft Graph v1.0-shaped API for app registrations ({@code /v1.0/applications}, addPassword,
 * removePassword, keyCredentials by PATCH), service principals and admin consent ({@code oauth2PermissionGrants}),
 * plus the dev IdP's own key rotation. Every call needs {@code Authorization: Bearer <admin token>}; the
 * tenant is the default one or the one named by the {@code X-DevIdp-Tenant} header (GUID or domain).
 */
public final class GraphApi {
    public static final String TENANT_HEADER = "X-DevIdp-Tenant";
    private static final Pattern APP_ID_FILTER = Pattern.compile("appId\\s+eq\\s+'([^']+)'");

    private final Directory directory;
    private final SigningKeys keys;
    private final String adminToken;
    private final Endpoints endpoints;
    private final ObjectMapper json;
    private final Clock clock;

    private static final class GraphException extends RuntimeException {
        final int status;
        final String code;

        GraphException(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    public GraphApi(Directory directory, SigningKeys keys, String adminToken, Endpoints endpoints, ObjectMapper json, Clock clock) {
        this.directory = directory;
        this.keys = keys;
        this.adminToken = adminToken;
        this.endpoints = endpoints;
        this.json = json;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1.0/applications", this::createApplication);
        routes.get("/v1.0/applications", this::listApplications);
        routes.get("/v1.0/applications/{id}", ctx -> ctx.json(resource(existing(ctx), null)));
        routes.patch("/v1.0/applications/{id}", this::updateApplication);
        routes.delete("/v1.0/applications/{id}", this::deleteApplication);
        routes.post("/v1.0/applications/{id}/addPassword", this::addPassword);
        routes.post("/v1.0/applications/{id}/removePassword", this::removePassword);
        routes.post("/v1.0/servicePrincipals", this::createServicePrincipal);
        routes.get("/v1.0/servicePrincipals", this::listServicePrincipals);
        routes.post("/v1.0/oauth2PermissionGrants", this::grantConsent);
        routes.post("/v1.0/users/{id}/getMemberObjects", this::memberObjects);
        routes.post("/devidp/keys/rotate", this::rotateKeys);
        routes.exception(GraphException.class, (e, ctx) -> ctx.status(e.status).json(new GraphError(new GraphError.Error(
                e.code, e.getMessage(), new GraphError.InnerError(Instant.now(clock).toString(), UUID.randomUUID().toString(),
                ctx.header("client-request-id"))))));
    }

    // Applications

    private void createApplication(Context ctx) {
        Tenant tenant = tenant(ctx);
        ApplicationBody body = body(ctx, ApplicationBody.class);
        if (body.displayName() == null || body.displayName().isBlank()) {
            throw badRequest("Property 'displayName' is required.");
        }
        Application app = new Application(UUID.randomUUID().toString(), UUID.randomUUID().toString(), tenant.id(),
                body.displayName(), SignInAudience.AzureADMyOrg, List.of(), null, false, List.of(), null, List.of(), null,
                List.of(), List.of(), clock.instant());
        app = apply(app, body);
        directory.addApplication(app);
        ctx.status(201).json(resource(app, null));
    }

    private void listApplications(Context ctx) {
        Tenant tenant = tenant(ctx);
        String filter = ctx.queryParam("$filter");
        List<Application> apps = directory.applicationsOf(tenant.id());
        if (filter != null) {
            Matcher m = APP_ID_FILTER.matcher(filter);
            if (!m.matches()) {
                throw badRequest("Only $filter=appId eq '<appId>' is supported.");
            }
            apps = apps.stream().filter(a -> a.appId().equalsIgnoreCase(m.group(1))).toList();
        }
        ctx.json(new Collection<>(endpoints.base() + "/v1.0/$metadata#applications", apps.stream().map(a -> resource(a, null)).toList()));
    }

    private void updateApplication(Context ctx) {
        Application current = existing(ctx);
        ApplicationBody body = body(ctx, ApplicationBody.class);
        Application changed = apply(current, body);
        directory.update(current.id(), a -> changed);
        ctx.status(204);
    }

    private void deleteApplication(Context ctx) {
        Application app = existing(ctx);
        directory.deleteApplication(app.id());
        ctx.status(204);
    }

    private Application apply(Application app, ApplicationBody body) {
        String displayName = body.displayName() != null ? body.displayName() : app.displayName();
        SignInAudience audience = app.signInAudience();
        if (body.signInAudience() != null) {
            audience = SignInAudience.parse(body.signInAudience()).orElseThrow(() -> badRequest("Invalid value '"
                    + body.signInAudience() + "' for property 'signInAudience'. Use one of " + Arrays.toString(SignInAudience.values()) + "."));
        }
        List<String> redirectUris = app.redirectUris();
        String logoutUrl = app.logoutUrl();
        boolean idTokenIssuance = app.idTokenIssuance();
        if (body.web() != null) {
            if (body.web().redirectUris() != null) {
                for (String uri : body.web().redirectUris()) {
                    RedirectUris.registrationProblem(uri).ifPresent(problem -> {
                        throw badRequest(problem);
                    });
                }
                redirectUris = List.copyOf(new LinkedHashSet<>(body.web().redirectUris()));
            }
            logoutUrl = body.web().logoutUrl() != null ? body.web().logoutUrl() : logoutUrl;
            if (body.web().implicitGrantSettings() != null && body.web().implicitGrantSettings().enableIdTokenIssuance() != null) {
                idTokenIssuance = body.web().implicitGrantSettings().enableIdTokenIssuance();
            }
        }
        List<String> optional = app.optionalIdTokenClaims();
        if (body.optionalClaims() != null && body.optionalClaims().idToken() != null) {
            optional = body.optionalClaims().idToken().stream().map(OptionalClaim::name).filter(n -> n != null && !n.isBlank()).distinct().toList();
        }
        String groups = body.groupMembershipClaims() != null ? body.groupMembershipClaims() : app.groupMembershipClaims();
        List<ResourceAccess> access = body.requiredResourceAccess() != null ? body.requiredResourceAccess() : app.requiredResourceAccess();
        Boolean removeUnverified = app.removeUnverifiedEmailClaim();
        if (body.authenticationBehaviors() != null && body.authenticationBehaviors().removeUnverifiedEmailClaim() != null) {
            removeUnverified = body.authenticationBehaviors().removeUnverifiedEmailClaim();
        }
        List<KeyCredential> keyCredentials = app.keyCredentials();
        if (body.keyCredentials() != null) {
            keyCredentials = body.keyCredentials().stream().map(this::keyCredential).toList();
        }
        return new Application(app.id(), app.appId(), app.tenantId(), displayName, audience, redirectUris, logoutUrl,
                idTokenIssuance, optional, groups, access, removeUnverified, app.passwordCredentials(), keyCredentials,
                app.createdDateTime());
    }

    private KeyCredential keyCredential(KeyCredentialBody body) {
        if (body.key() == null) {
            throw badRequest("keyCredentials: 'key' (the base64 DER of a public X.509 certificate) is required.");
        }
        if (body.type() != null && !"AsymmetricX509Cert".equals(body.type())) {
            throw badRequest("keyCredentials: only type 'AsymmetricX509Cert' is supported.");
        }
        if (body.usage() != null && !"Verify".equals(body.usage())) {
            throw badRequest("keyCredentials: only usage 'Verify' is supported.");
        }
        try {
            var certificate = Certificates.parse(Base64.getMimeDecoder().decode(body.key()));
            String keyId = body.keyId() != null ? body.keyId() : UUID.randomUUID().toString();
            return new KeyCredential(keyId, body.displayName() != null ? body.displayName() : certificate.getSubjectX500Principal().getName(), certificate);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw badRequest("keyCredentials: 'key' is not a base64 DER X.509 certificate.");
        }
    }

    // Credentials

    private void addPassword(Context ctx) {
        Application app = existing(ctx);
        AddPasswordBody body = ctx.body().isBlank() ? new AddPasswordBody(null) : body(ctx, AddPasswordBody.class);
        PasswordCredentialBody requested = body.passwordCredential() != null ? body.passwordCredential()
                : new PasswordCredentialBody(null, null, null);
        Instant start = requested.startDateTime() != null ? instant("startDateTime", requested.startDateTime()) : clock.instant();
        Instant end = requested.endDateTime() != null ? instant("endDateTime", requested.endDateTime())
                : start.atOffset(ZoneOffset.UTC).plusYears(2).toInstant();
        if (!end.isAfter(start)) {
            throw badRequest("Property 'endDateTime' must be after 'startDateTime'.");
        }
        String secret = RandomValues.clientSecret();
        PasswordCredential credential = new PasswordCredential(UUID.randomUUID().toString(), requested.displayName(),
                secret.substring(0, 3), RandomValues.hash(secret), start, end);
        directory.update(app.id(), a -> {
            List<PasswordCredential> all = new ArrayList<>(a.passwordCredentials());
            all.add(credential);
            return a.withPasswordCredentials(all);
        });
        ctx.json(new PasswordCredentialResource(null, credential.displayName(), end, credential.hint(), credential.keyId(), secret, start));
    }

    private void removePassword(Context ctx) {
        Application app = existing(ctx);
        RemovePasswordBody body = body(ctx, RemovePasswordBody.class);
        if (app.passwordCredentials().stream().noneMatch(c -> c.keyId().equalsIgnoreCase(String.valueOf(body.keyId())))) {
            throw new GraphException(404, "Request_ResourceNotFound", "No password credential with keyId '" + body.keyId() + "'.");
        }
        directory.update(app.id(), a -> a.withPasswordCredentials(a.passwordCredentials().stream()
                .filter(c -> !c.keyId().equalsIgnoreCase(body.keyId())).toList()));
        ctx.status(204);
    }

    // Service principals and consent

    private void createServicePrincipal(Context ctx) {
        Tenant tenant = tenant(ctx);
        ServicePrincipalBody body = body(ctx, ServicePrincipalBody.class);
        Application app = directory.applicationByAppId(body.appId())
                .orElseThrow(() -> badRequest("The appId '" + body.appId() + "' of the service principal does not reference a valid application object."));
        ctx.status(201).json(servicePrincipal(app, tenant));
    }

    private void listServicePrincipals(Context ctx) {
        Tenant tenant = tenant(ctx);
        Matcher m = APP_ID_FILTER.matcher(String.valueOf(ctx.queryParam("$filter")));
        if (!m.matches()) {
            throw badRequest("Only $filter=appId eq '<appId>' is supported.");
        }
        List<ServicePrincipalResource> found = directory.applicationByAppId(m.group(1))
                .filter(a -> a.tenantId().equals(tenant.id()) || a.signInAudience().multiTenant())
                .map(a -> List.of(servicePrincipal(a, tenant))).orElse(List.of());
        ctx.json(new Collection<>(endpoints.base() + "/v1.0/$metadata#servicePrincipals", found));
    }

    private void grantConsent(Context ctx) {
        Tenant tenant = tenant(ctx);
        PermissionGrantBody body = body(ctx, PermissionGrantBody.class);
        Application app = byClientId(body.clientId(), tenant)
                .orElseThrow(() -> badRequest("clientId '" + body.clientId() + "' names no service principal, application or appId."));
        if (body.scope() == null || body.scope().isBlank()) {
            throw badRequest("Property 'scope' is required.");
        }
        String principal;
        if ("AllPrincipals".equals(body.consentType())) {
            principal = null;
        } else if ("Principal".equals(body.consentType())) {
            principal = directory.user(body.principalId()).filter(u -> u.tenantId().equals(tenant.id())).map(User::id)
                    .orElseThrow(() -> badRequest("principalId '" + body.principalId() + "' is not a user of this tenant."));
        } else {
            throw badRequest("consentType must be 'AllPrincipals' or 'Principal'.");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String s : body.scope().trim().split("\\s+")) {
            scopes.add(s.toLowerCase(Locale.ROOT));
        }
        ConsentGrant grant = directory.addGrant(new ConsentGrant(RandomValues.token(32), app.appId(), tenant.id(), principal, scopes));
        ctx.status(201).json(new PermissionGrantResource(grant.id(), servicePrincipalId(app, tenant), body.consentType(), principal,
                body.resourceId() != null ? body.resourceId() : graphServicePrincipalId(tenant), String.join(" ", scopes)));
    }

    private Optional<Application> byClientId(String clientId, Tenant tenant) {
        if (clientId == null) {
            return Optional.empty();
        }
        return directory.applicationByAppId(clientId)
                .or(() -> directory.application(clientId))
                .or(() -> directory.applicationsOf(tenant.id()).stream().filter(a -> servicePrincipalId(a, tenant).equalsIgnoreCase(clientId)).findFirst())
                .or(() -> directory.tenants().stream().flatMap(t -> directory.applicationsOf(t.id()).stream())
                        .filter(a -> a.signInAudience().multiTenant() && servicePrincipalId(a, tenant).equalsIgnoreCase(clientId)).findFirst());
    }

    private ServicePrincipalResource servicePrincipal(Application app, Tenant tenant) {
        return new ServicePrincipalResource(servicePrincipalId(app, tenant), app.appId(), app.displayName(), app.tenantId(),
                "Application", app.signInAudience().name());
    }

    private static String servicePrincipalId(Application app, Tenant tenant) {
        return UUID.nameUUIDFromBytes(("sp|" + app.appId() + "|" + tenant.id()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String graphServicePrincipalId(Tenant tenant) {
        return UUID.nameUUIDFromBytes(("sp|" + ResourceAccess.MICROSOFT_GRAPH + "|" + tenant.id()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    // Users: group overage source

    /** Where a token with too many groups sends the app: the admin token, or the user's own Graph access token. */
    private void memberObjects(Context ctx) {
        String id = ctx.pathParam("id");
        User user = directory.user(id).orElseThrow(() -> new GraphException(404, "Request_ResourceNotFound",
                "Resource '" + id + "' does not exist or one of its queried reference-property objects are not present."));
        String presented = bearer(ctx);
        boolean admin = RandomValues.constantTimeEquals(adminToken, presented);
        boolean self = presented != null && keys.verify(presented)
                .filter(c -> user.id().equals(claim(c, "oid")) && c.getAudience().contains(ResourceAccess.MICROSOFT_GRAPH)
                        && c.getExpirationTime() != null && clock.instant().isBefore(c.getExpirationTime().toInstant()))
                .isPresent();
        if (!admin && !self) {
            throw new GraphException(401, "InvalidAuthenticationToken", "Access token is empty or not valid.");
        }
        ctx.json(new MemberObjects(user.groups()));
    }

    // Dev IdP administration

    private void rotateKeys(Context ctx) {
        requireAdmin(ctx);
        ctx.json(new RotatedKey(keys.rotate()));
    }

    // Helpers

    private Tenant tenant(Context ctx) {
        requireAdmin(ctx);
        String named = ctx.header(TENANT_HEADER);
        if (named != null) {
            return directory.tenant(named).filter(t -> !t.isConsumers())
                    .orElseThrow(() -> badRequest("Tenant '" + named + "' not found."));
        }
        return directory.tenants().stream().filter(t -> !t.isConsumers()).findFirst()
                .orElseThrow(() -> badRequest("The dev IdP has no organizational tenant."));
    }

    private Application existing(Context ctx) {
        Tenant tenant = tenant(ctx);
        String id = ctx.pathParam("id");
        return directory.application(id).filter(a -> a.tenantId().equals(tenant.id()))
                .orElseThrow(() -> new GraphException(404, "Request_ResourceNotFound",
                        "Resource '" + id + "' does not exist or one of its queried reference-property objects are not present."));
    }

    private void requireAdmin(Context ctx) {
        String presented = bearer(ctx);
        if (presented == null) {
            throw new GraphException(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        if (!RandomValues.constantTimeEquals(adminToken, presented)) {
            throw new GraphException(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
        }
    }

    private static String bearer(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private <T> T body(Context ctx, Class<T> type) {
        try {
            T value = json.readValue(ctx.bodyAsBytes(), type);
            if (value == null) {
                throw badRequest("Empty Payload. JSON content expected.");
            }
            return value;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw badRequest("Invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw badRequest("Invalid JSON.");
        }
    }

    private static Instant instant(String member, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw badRequest("Invalid value '" + value + "' for property '" + member + "': use ISO 8601, e.g. 2030-01-01T00:00:00Z.");
        }
    }

    private static String claim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value == null ? null : value.toString();
    }

    private static GraphException badRequest(String message) {
        return new GraphException(400, "Request_BadRequest", message);
    }

    private ApplicationResource resource(Application app, String ignored) {
        String publisher = directory.tenant(app.tenantId()).map(Tenant::primaryDomain).orElse(app.tenantId());
        return new ApplicationResource(endpoints.base() + "/v1.0/$metadata#applications/$entity", app.id(), app.appId(),
                app.createdDateTime(), app.displayName(), app.signInAudience().name(), publisher, app.groupMembershipClaims(),
                List.of(), new WebResource(app.redirectUris(), app.logoutUrl(), null, new ImplicitGrantSettings(app.idTokenIssuance(), false)),
                new OptionalClaims(app.optionalIdTokenClaims().stream().map(n -> new OptionalClaim(n, null, false, List.of())).toList(),
                        List.of(), List.of()),
                app.requiredResourceAccess(),
                app.passwordCredentials().stream().map(c -> new PasswordCredentialResource(null, c.displayName(),
                        c.endDateTime(), c.hint(), c.keyId(), null, c.startDateTime())).toList(),
                app.keyCredentials().stream().map(k -> new KeyCredentialResource(k.sha1Thumbprint(), k.displayName(),
                        k.endDateTime(), null, k.keyId(), k.startDateTime(), "AsymmetricX509Cert", "Verify")).toList(),
                new AuthenticationBehaviors(app.dropsUnverifiedEmail(), null));
    }
}
