package dev.cognate.admin.clients;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Validate;
import dev.cognate.clients.AuthFlows;
import dev.cognate.clients.TokenValidityUnits;
import dev.cognate.pools.SchemaAttribute;
import dev.cognate.pools.UserPool;
import dev.cognate.resourceservers.ResourceServer;
import dev.cognate.store.ResourceServerStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What an app client's settings must satisfy: first the members' own constraints (lengths,
 * patterns, enums, as AWS's model states them), then the rules that relate members to each
 * other and to the pool (attributes, identity providers, scopes, OAuth flows, token validity).
 */
final class ClientRules {
    static final Pattern CLIENT_NAME = Pattern.compile("[\\w\\s+=,.@-]+");
    static final Pattern CLIENT_ID = Pattern.compile("[\\w+]+");
    static final Pattern CLIENT_SECRET = Pattern.compile("[\\w+]+");
    private static final Pattern PROVIDER_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final Pattern URL = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    private static final List<String> TIME_UNITS = List.of("seconds", "minutes", "hours", "days");
    private static final List<String> EXPLICIT_AUTH_FLOWS;
    static final List<String> OAUTH_FLOWS = List.of("code", "implicit", "client_credentials");
    static final Set<String> STANDARD_SCOPES = Set.of("phone", "email", "openid", "profile",
            "aws.cognito.signin.user.admin");
    static final String COGNITO = "COGNITO";

    private static final Duration MIN_ACCESS = Duration.ofMinutes(5);
    private static final Duration MAX_ACCESS = Duration.ofDays(1);
    private static final Duration MIN_REFRESH = Duration.ofMinutes(60);
    private static final Duration MAX_REFRESH = Duration.ofDays(3650);

    static {
        List<String> flows = new ArrayList<>(AuthFlows.LEGACY);
        flows.addAll(AuthFlows.CURRENT);
        EXPLICIT_AUTH_FLOWS = List.copyOf(flows);
    }

    private final ResourceServerStore resourceServers;
    private final BiPredicate<String, String> providerExists;

    ClientRules(ResourceServerStore resourceServers, BiPredicate<String, String> providerExists) {
        this.resourceServers = resourceServers;
        this.providerExists = providerExists;
    }

    /** The members' own constraints, checked before anything is looked up. */
    void checkShape(ClientSettings s) {
        if (s.clientName() != null) {
            Validate.length(s.clientName(), "clientName", 1, 128);
            Validate.pattern(s.clientName(), "clientName", CLIENT_NAME);
        }
        Validate.range(s.refreshTokenValidity(), "refreshTokenValidity", 0, 315_360_000);
        Validate.range(s.accessTokenValidity(), "accessTokenValidity", 1, 86_400);
        Validate.range(s.idTokenValidity(), "idTokenValidity", 1, 86_400);
        TokenValidityUnits units = s.tokenValidityUnits();
        if (units != null) {
            Validate.oneOf(units.accessToken(), "tokenValidityUnits.accessToken", TIME_UNITS);
            Validate.oneOf(units.idToken(), "tokenValidityUnits.idToken", TIME_UNITS);
            Validate.oneOf(units.refreshToken(), "tokenValidityUnits.refreshToken", TIME_UNITS);
        }
        each(s.readAttributes(), "readAttributes", v -> lengthProblem(v, 1, 2048));
        each(s.writeAttributes(), "writeAttributes", v -> lengthProblem(v, 1, 2048));
        each(s.explicitAuthFlows(), "explicitAuthFlows", v -> EXPLICIT_AUTH_FLOWS.contains(v) ? null
                : "Member must satisfy enum value set: " + EXPLICIT_AUTH_FLOWS);
        each(s.supportedIdentityProviders(), "supportedIdentityProviders", v -> patternProblem(v, 1, 32, PROVIDER_NAME));
        Validate.size(s.callbackURLs(), "callbackURLs", 0, 100);
        each(s.callbackURLs(), "callbackURLs", v -> patternProblem(v, 1, 1024, URL));
        Validate.size(s.logoutURLs(), "logoutURLs", 0, 100);
        each(s.logoutURLs(), "logoutURLs", v -> patternProblem(v, 1, 1024, URL));
        Validate.length(s.defaultRedirectURI(), "defaultRedirectURI", 1, 1024);
        Validate.pattern(s.defaultRedirectURI(), "defaultRedirectURI", URL);
        Validate.size(s.allowedOAuthFlows(), "allowedOAuthFlows", 0, 3);
        each(s.allowedOAuthFlows(), "allowedOAuthFlows", v -> OAUTH_FLOWS.contains(v) ? null
                : "Member must satisfy enum value set: " + OAUTH_FLOWS);
        Validate.size(s.allowedOAuthScopes(), "allowedOAuthScopes", 0, 50);
        each(s.allowedOAuthScopes(), "allowedOAuthScopes", v -> patternProblem(v, 1, 256, SCOPE));
        Validate.oneOf(s.preventUserExistenceErrors(), "preventUserExistenceErrors", List.of("LEGACY", "ENABLED"));
        Validate.range(s.authSessionValidity(), "authSessionValidity", 3, 15);
        if (s.refreshTokenRotation() != null) {
            Validate.required(s.refreshTokenRotation().feature(), "refreshTokenRotation.feature");
            Validate.oneOf(s.refreshTokenRotation().feature(), "refreshTokenRotation.feature", List.of("ENABLED", "DISABLED"));
            Validate.range(s.refreshTokenRotation().retryGracePeriodSeconds(),
                    "refreshTokenRotation.retryGracePeriodSeconds", 0, 60);
        }
    }

    /**
     * The rules across members and against the pool. {@code verb} is "creating" or "updating",
     * as in AWS's messages.
     */
    void checkSemantics(ClientSettings s, UserPool pool, boolean hasSecret, String verb) {
        checkTokenValidity(s);
        checkAttributes(s, pool, verb);
        checkAuthFlows(s.explicitAuthFlows());
        checkIdentityProviders(s.supportedIdentityProviders(), pool.id());
        checkUrls(s.callbackURLs(), "CallbackURLs");
        checkUrls(s.logoutURLs(), "LogoutURLs");
        if (s.defaultRedirectURI() != null) {
            checkUrls(List.of(s.defaultRedirectURI()), "DefaultRedirectURI");
            if (s.callbackURLs() == null || !s.callbackURLs().contains(s.defaultRedirectURI())) {
                throw AwsException.invalidParameter("DefaultRedirectURI " + s.defaultRedirectURI()
                        + " must be one of the client's CallbackURLs.");
            }
        }
        checkOAuth(s, hasSecret);
        checkScopes(s.allowedOAuthScopes(), pool.id());
        if (Boolean.TRUE.equals(s.enablePropagateAdditionalUserContextData()) && !hasSecret) {
            throw AwsException.invalidParameter(
                    "EnablePropagateAdditionalUserContextData can only be activated for an app client with a client secret.");
        }
    }

    private static void checkTokenValidity(ClientSettings s) {
        TokenValidityUnits units = s.tokenValidityUnits() == null ? TokenValidityUnits.NONE : s.tokenValidityUnits();
        if (outside(s.accessTokenValidity(), units.accessTokenOrDefault(), MIN_ACCESS, MAX_ACCESS)
                || outside(s.idTokenValidity(), units.idTokenOrDefault(), MIN_ACCESS, MAX_ACCESS)
                || (s.refreshTokenValidity() != null && s.refreshTokenValidity() != 0
                    && outside(s.refreshTokenValidity(), units.refreshTokenOrDefault(), MIN_REFRESH, MAX_REFRESH))) {
            throw AwsException.invalidParameter("Invalid range for token validity.");
        }
    }

    private static boolean outside(Integer value, String unit, Duration min, Duration max) {
        if (value == null) {
            return false;
        }
        Duration d = TokenValidityUnits.duration(value, unit);
        return d.compareTo(min) < 0 || d.compareTo(max) > 0;
    }

    private static void checkAttributes(ClientSettings s, UserPool pool, String verb) {
        if (s.readAttributes() != null && !s.readAttributes().stream().allMatch(a -> pool.attribute(a).isPresent())) {
            throw AwsException.invalidParameter("Invalid read attributes specified while " + verb + " a client");
        }
        if (s.writeAttributes() != null && !s.writeAttributes().stream().allMatch(a -> writable(pool, a))) {
            throw AwsException.invalidParameter("Invalid write attributes specified while " + verb + " a client");
        }
    }

    /** Every pool attribute but {@code sub} may be granted for writing (immutable ones at sign-up). */
    private static boolean writable(UserPool pool, String name) {
        Optional<SchemaAttribute> attribute = pool.attribute(name);
        return attribute.isPresent() && !name.equals("sub");
    }

    private static void checkAuthFlows(List<String> flows) {
        if (flows != null && flows.stream().anyMatch(AuthFlows.LEGACY::contains)
                && flows.stream().anyMatch(AuthFlows.CURRENT::contains)) {
            throw AwsException.invalidParameter("ExplicitAuthFlows cannot combine the legacy values "
                    + AuthFlows.LEGACY + " with ALLOW_ values.");
        }
    }

    private void checkIdentityProviders(List<String> providers, String poolId) {
        if (providers == null) {
            return;
        }
        for (String provider : providers) {
            if (!provider.equals(COGNITO) && !providerExists.test(poolId, provider)) {
                throw AwsException.invalidParameter("The provider " + provider + " does not exist for User Pool " + poolId);
            }
        }
    }

    private static void checkUrls(List<String> urls, String member) {
        if (urls == null) {
            return;
        }
        for (String url : urls) {
            RedirectUris.problem(url).ifPresent(problem -> {
                throw AwsException.invalidParameter("Invalid " + member + " value " + url + ": " + problem + ".");
            });
        }
    }

    private static void checkOAuth(ClientSettings s, boolean hasSecret) {
        List<String> flows = s.allowedOAuthFlows() == null ? List.of() : s.allowedOAuthFlows();
        List<String> scopes = s.allowedOAuthScopes() == null ? List.of() : s.allowedOAuthScopes();
        boolean oauthClient = Boolean.TRUE.equals(s.allowedOAuthFlowsUserPoolClient());
        boolean clientCredentials = flows.contains("client_credentials");
        if (clientCredentials && (flows.contains("code") || flows.contains("implicit"))) {
            throw invalidFlow("client_credentials flow can not be selected along with code flow or implicit flow.");
        }
        if (clientCredentials && !hasSecret) {
            throw invalidFlow("client_credentials flow can not be selected if client does not have a client secret.");
        }
        if (!oauthClient && (!flows.isEmpty() || !scopes.isEmpty())) {
            throw invalidFlow("AllowedOAuthFlowsUserPoolClient must be true to set AllowedOAuthFlows and AllowedOAuthScopes.");
        }
        if (oauthClient && (flows.isEmpty() || scopes.isEmpty())) {
            throw invalidFlow("AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed "
                    + "to use OAuth flows.");
        }
        if ((flows.contains("code") || flows.contains("implicit"))
                && (s.callbackURLs() == null || s.callbackURLs().isEmpty())) {
            throw invalidFlow("CallbackUrls can not be empty when code flow or implicit flow is selected");
        }
        if (clientCredentials) {
            scopes.stream().filter(STANDARD_SCOPES::contains).findFirst().ifPresent(scope -> {
                throw invalidFlow(scope + " is not supported with client_credentials flow");
            });
        }
    }

    private void checkScopes(List<String> scopes, String poolId) {
        if (scopes == null) {
            return;
        }
        for (String scope : scopes) {
            if (STANDARD_SCOPES.contains(scope)) {
                continue;
            }
            boolean defined = ResourceServer.parseScope(scope)
                    .flatMap(custom -> resourceServers.find(poolId, custom.identifier())
                            .filter(server -> server.definesScope(custom.scopeName())))
                    .isPresent();
            if (!defined) {
                throw new AwsException("ScopeDoesNotExistException", "Invalid scope requested: " + scope);
            }
        }
    }

    private static AwsException invalidFlow(String message) {
        return new AwsException("InvalidOAuthFlowException", message);
    }

    private static String lengthProblem(String value, int min, int max) {
        if (value.length() < min) {
            return "Member must have length greater than or equal to " + min;
        }
        return value.length() > max ? "Member must have length less than or equal to " + max : null;
    }

    private static String patternProblem(String value, int min, int max, Pattern pattern) {
        String length = lengthProblem(value, min, max);
        if (length != null) {
            return length;
        }
        return pattern.matcher(value).matches() ? null
                : "Member must satisfy regular expression pattern: " + pattern.pattern();
    }

    /** A constraint on each member of a list, worded as AWS words list-member violations. */
    private static void each(Collection<String> values, String member, Function<String, String> problem) {
        if (values == null) {
            return;
        }
        for (String value : values) {
            String found = value == null ? "Member must not be null" : problem.apply(value);
            if (found != null) {
                throw Validate.violation("'" + values + "'", member, "Member must satisfy constraint: [" + found + "]");
            }
        }
    }
}
