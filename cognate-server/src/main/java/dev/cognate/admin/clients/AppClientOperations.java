package dev.cognate.admin.clients;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.clients.AppClient;
import dev.cognate.clients.ClientSecret;
import dev.cognate.clients.RefreshTokenRotation;
import dev.cognate.clients.TokenValidityUnits;
import dev.cognate.crypto.RandomIds;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.Page;
import dev.cognate.store.ResourceServerStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiPredicate;

/** CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient, ListUserPoolClients. */
public final class AppClientOperations implements OperationFamily {
    private final UserPoolOperations pools;
    private final AppClientStore clients;
    private final ClientRules rules;
    private final Clock clock;

    /**
     * @param providerExists whether the pool (first argument) has an identity provider of this
     *                       name (second argument), for SupportedIdentityProviders
     */
    public AppClientOperations(UserPoolOperations pools, AppClientStore clients, ResourceServerStore resourceServers,
                               BiPredicate<String, String> providerExists, Clock clock) {
        this.pools = pools;
        this.clients = clients;
        this.rules = new ClientRules(resourceServers, providerExists);
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("CreateUserPoolClient", CreateUserPoolClientRequest.class, this::create);
        registry.signed("DescribeUserPoolClient", ClientIdRequest.class, this::describe);
        registry.signed("UpdateUserPoolClient", UpdateUserPoolClientRequest.class, this::update);
        registry.signed("DeleteUserPoolClient", ClientIdRequest.class, this::delete);
        registry.signed("ListUserPoolClients", ListUserPoolClientsRequest.class, this::list);
    }

    public record CreateUserPoolClientRequest(
            String userPoolId,
            String clientName,
            Boolean generateSecret,
            String clientSecret,
            Integer refreshTokenValidity,
            Integer accessTokenValidity,
            Integer idTokenValidity,
            TokenValidityUnits tokenValidityUnits,
            List<String> readAttributes,
            List<String> writeAttributes,
            List<String> explicitAuthFlows,
            List<String> supportedIdentityProviders,
            List<String> callbackURLs,
            List<String> logoutURLs,
            String defaultRedirectURI,
            List<String> allowedOAuthFlows,
            List<String> allowedOAuthScopes,
            Boolean allowedOAuthFlowsUserPoolClient,
            JsonNode analyticsConfiguration,
            String preventUserExistenceErrors,
            Boolean enableTokenRevocation,
            Boolean enablePropagateAdditionalUserContextData,
            Integer authSessionValidity,
            RefreshTokenRotation refreshTokenRotation) implements ClientSettings {
        @Override
        public String toString() {
            return "CreateUserPoolClientRequest[userPoolId=" + userPoolId + ", clientName=" + clientName + "]";
        }
    }

    public record UpdateUserPoolClientRequest(
            String userPoolId,
            String clientId,
            String clientName,
            Integer refreshTokenValidity,
            Integer accessTokenValidity,
            Integer idTokenValidity,
            TokenValidityUnits tokenValidityUnits,
            List<String> readAttributes,
            List<String> writeAttributes,
            List<String> explicitAuthFlows,
            List<String> supportedIdentityProviders,
            List<String> callbackURLs,
            List<String> logoutURLs,
            String defaultRedirectURI,
            List<String> allowedOAuthFlows,
            List<String> allowedOAuthScopes,
            Boolean allowedOAuthFlowsUserPoolClient,
            JsonNode analyticsConfiguration,
            String preventUserExistenceErrors,
            Boolean enableTokenRevocation,
            Boolean enablePropagateAdditionalUserContextData,
            Integer authSessionValidity,
            RefreshTokenRotation refreshTokenRotation) implements ClientSettings {}

    public record ClientIdRequest(String userPoolId, String clientId) {}

    public record ListUserPoolClientsRequest(String userPoolId, Integer maxResults, String nextToken) {}

    public record UserPoolClientResponse(UserPoolClientView userPoolClient) {}

    public record UserPoolClientDescription(String clientId, String userPoolId, String clientName) {}

    public record ListUserPoolClientsResponse(List<UserPoolClientDescription> userPoolClients, String nextToken) {}

    private Object create(CreateUserPoolClientRequest r, Caller caller) {
        Validate.requiredString(r.clientName(), "clientName", 1, 128);
        Validate.length(r.clientSecret(), "clientSecret", 24, 64);
        Validate.pattern(r.clientSecret(), "clientSecret", ClientRules.CLIENT_SECRET);
        rules.checkShape(r);
        UserPool pool = pools.existing(r.userPoolId());
        boolean generateSecret = Boolean.TRUE.equals(r.generateSecret());
        if (r.clientSecret() != null && !generateSecret) {
            throw AwsException.invalidParameter("ClientSecret can be provided only when GenerateSecret is true.");
        }
        rules.checkSemantics(r, pool, generateSecret, "creating");
        String secret = !generateSecret ? null : r.clientSecret() != null ? r.clientSecret() : RandomIds.clientSecret();
        Instant now = clock.instant();
        for (int attempt = 0; ; attempt++) {
            String clientId = RandomIds.clientId();
            AppClient client = build(r, pool.id(), clientId, r.clientName(), secret == null ? List.of()
                    : List.of(new ClientSecret(AppClient.firstSecretId(clientId, now), secret, now)), now, now);
            try {
                clients.insert(client);
                return new UserPoolClientResponse(UserPoolClientView.of(client));
            } catch (DuplicateKeyException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private Object describe(ClientIdRequest r, Caller caller) {
        clientId(r.clientId());
        pools.existing(r.userPoolId());
        return new UserPoolClientResponse(UserPoolClientView.of(existing(r.userPoolId(), r.clientId())));
    }

    /**
     * As in Cognito, members left out of the request return to their defaults (the name and
     * the secret stay).
     */
    private Object update(UpdateUserPoolClientRequest r, Caller caller) {
        clientId(r.clientId());
        rules.checkShape(r);
        UserPool pool = pools.existing(r.userPoolId());
        AppClient old = existing(pool.id(), r.clientId());
        rules.checkSemantics(r, pool, old.hasSecret(), "updating");
        AppClient updated = build(r, pool.id(), old.clientId(), r.clientName() == null ? old.clientName() : r.clientName(),
                old.clientSecrets(), old.creationDate(), clock.instant());
        if (!clients.update(updated)) {
            throw notFound(r.clientId());
        }
        return new UserPoolClientResponse(UserPoolClientView.of(updated));
    }

    private Object delete(ClientIdRequest r, Caller caller) {
        clientId(r.clientId());
        pools.existing(r.userPoolId());
        if (!clients.delete(r.userPoolId(), r.clientId())) {
            throw notFound(r.clientId());
        }
        return Empty.INSTANCE;
    }

    private Object list(ListUserPoolClientsRequest r, Caller caller) {
        int max = r.maxResults() == null ? 60 : Validate.range(r.maxResults(), "maxResults", 1, 60);
        pools.existing(r.userPoolId());
        Page<AppClient> page = clients.list(r.userPoolId(), PageTokens.decode(r.nextToken()), max);
        return new ListUserPoolClientsResponse(page.items().stream()
                .map(c -> new UserPoolClientDescription(c.clientId(), c.userPoolId(), c.clientName()))
                .toList(), PageTokens.encode(page.next()));
    }

    private AppClient existing(String poolId, String clientId) {
        return clients.find(poolId, clientId).orElseThrow(() -> notFound(clientId));
    }

    private static AwsException notFound(String clientId) {
        return AwsException.resourceNotFound("User pool client " + clientId + " does not exist.");
    }

    private static void clientId(String clientId) {
        Validate.requiredString(clientId, "clientId", 1, 128);
        Validate.pattern(clientId, "clientId", ClientRules.CLIENT_ID);
    }

    /** The client that validated settings describe, with AWS's defaults where the request is silent. */
    private static AppClient build(ClientSettings s, String poolId, String clientId, String name,
                                   List<ClientSecret> secrets, Instant created, Instant modified) {
        TokenValidityUnits units = s.tokenValidityUnits() == null ? TokenValidityUnits.NONE : s.tokenValidityUnits();
        Integer refresh = s.refreshTokenValidity() == null || s.refreshTokenValidity() == 0
                ? (int) TokenValidityUnits.amount(AppClient.DEFAULT_REFRESH_TOKEN_LIFETIME, units.refreshTokenOrDefault())
                : s.refreshTokenValidity();
        return new AppClient(poolId, name, clientId, secrets, modified, created, refresh, s.accessTokenValidity(),
                s.idTokenValidity(), units, orNull(s.readAttributes()), orNull(s.writeAttributes()),
                orNull(s.explicitAuthFlows()), orNull(s.supportedIdentityProviders()), orNull(s.callbackURLs()),
                orNull(s.logoutURLs()), s.defaultRedirectURI(), orNull(s.allowedOAuthFlows()),
                orNull(s.allowedOAuthScopes()), Boolean.TRUE.equals(s.allowedOAuthFlowsUserPoolClient()),
                s.analyticsConfiguration(),
                s.preventUserExistenceErrors() == null ? "ENABLED" : s.preventUserExistenceErrors(),
                s.enableTokenRevocation() == null ? Boolean.TRUE : s.enableTokenRevocation(),
                Boolean.TRUE.equals(s.enablePropagateAdditionalUserContextData()),
                s.authSessionValidity() == null ? 3 : s.authSessionValidity(), s.refreshTokenRotation());
    }

    private static List<String> orNull(List<String> values) {
        return values == null || values.isEmpty() ? null : List.copyOf(values);
    }
}
