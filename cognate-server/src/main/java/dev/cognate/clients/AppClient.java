package dev.cognate.clients;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.crypto.ConstantTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An app client of a user pool, as AWS's UserPoolClientType describes it. Members hold what
 * the client was configured with (AWS's defaults filled in where AWS reports them); the
 * effective lifetimes and flows are derived by the methods below.
 *
 * <p>The secrets (none for a public client; one, or two while one is rotated in) are never part
 * of the stored document ({@link JsonIgnore}): the store keeps them sealed in a column of their
 * own. {@link #toString()} leaves them out so they cannot reach a log.
 */
public record AppClient(
        String userPoolId,
        String clientName,
        String clientId,
        @JsonIgnore List<ClientSecret> clientSecrets,
        Instant lastModifiedDate,
        Instant creationDate,
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
        RefreshTokenRotation refreshTokenRotation) {

    public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(60);
    public static final Duration DEFAULT_ID_TOKEN_LIFETIME = Duration.ofMinutes(60);
    public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);

    public AppClient {
        clientSecrets = clientSecrets == null ? List.of() : List.copyOf(clientSecrets);
    }

    /** The client with one secret (null: none), the one it was created with. */
    public AppClient withSecret(String secret) {
        return withSecrets(secret == null ? List.of()
                : List.of(new ClientSecret(firstSecretId(clientId, creationDate), secret, creationDate)));
    }

    /** The id of a client's first secret: the one made with the client, before secrets were rotated. */
    public static String firstSecretId(String clientId, Instant creationDate) {
        return clientId + "--" + creationDate.toEpochMilli();
    }

    public AppClient withSecrets(List<ClientSecret> secrets) {
        return new AppClient(userPoolId, clientName, clientId, secrets, lastModifiedDate, creationDate,
                refreshTokenValidity, accessTokenValidity, idTokenValidity, tokenValidityUnits, readAttributes,
                writeAttributes, explicitAuthFlows, supportedIdentityProviders, callbackURLs, logoutURLs,
                defaultRedirectURI, allowedOAuthFlows, allowedOAuthScopes, allowedOAuthFlowsUserPoolClient,
                analyticsConfiguration, preventUserExistenceErrors, enableTokenRevocation,
                enablePropagateAdditionalUserContextData, authSessionValidity, refreshTokenRotation);
    }

    /** A confidential client: it has a secret and must present it. */
    public boolean hasSecret() {
        return !clientSecrets.isEmpty();
    }

    /** The oldest of the client's secrets (what DescribeUserPoolClient shows); null for a public client. */
    @JsonIgnore
    public String clientSecret() {
        return clientSecrets.isEmpty() ? null : clientSecrets.getFirst().value();
    }

    /** Whether {@code presented} is one of this client's secrets, each compared in constant time. */
    public boolean secretMatches(String presented) {
        boolean matched = false;
        for (ClientSecret secret : clientSecrets) {
            matched |= ConstantTime.equals(secret.value(), presented);
        }
        return matched;
    }

    private TokenValidityUnits units() {
        return tokenValidityUnits == null ? TokenValidityUnits.NONE : tokenValidityUnits;
    }

    public Duration accessTokenLifetime() {
        return accessTokenValidity == null ? DEFAULT_ACCESS_TOKEN_LIFETIME
                : TokenValidityUnits.duration(accessTokenValidity, units().accessTokenOrDefault());
    }

    public Duration idTokenLifetime() {
        return idTokenValidity == null ? DEFAULT_ID_TOKEN_LIFETIME
                : TokenValidityUnits.duration(idTokenValidity, units().idTokenOrDefault());
    }

    public Duration refreshTokenLifetime() {
        return refreshTokenValidity == null || refreshTokenValidity == 0 ? DEFAULT_REFRESH_TOKEN_LIFETIME
                : TokenValidityUnits.duration(refreshTokenValidity, units().refreshTokenOrDefault());
    }

    /** The ALLOW_ sign-in flows this client permits (see {@link AuthFlows#allowed}). */
    public Set<String> authFlows() {
        return AuthFlows.allowed(explicitAuthFlows);
    }

    /** Whether the client may use the OAuth flow {@code flow} (code, implicit, client_credentials). */
    public boolean allowsOAuthFlow(String flow) {
        return Boolean.TRUE.equals(allowedOAuthFlowsUserPoolClient)
                && allowedOAuthFlows != null && allowedOAuthFlows.contains(flow);
    }

    /** Whether users of the identity provider {@code providerName} ({@code COGNITO} for the pool's own) may sign in. */
    public boolean supportsIdentityProvider(String providerName) {
        return supportedIdentityProviders != null && supportedIdentityProviders.contains(providerName);
    }

    /** Exact string match against the registered callback URLs (no prefix, case or wildcard matching). */
    public boolean hasCallbackUrl(String url) {
        return callbackURLs != null && callbackURLs.contains(url);
    }

    /** Exact string match against the registered sign-out URLs. */
    public boolean hasLogoutUrl(String url) {
        return logoutURLs != null && logoutURLs.contains(url);
    }

    @Override
    public String toString() {
        return "AppClient[userPoolId=" + userPoolId + ", clientId=" + clientId + ", clientName=" + clientName
                + ", hasSecret=" + hasSecret() + "]";
    }
}
