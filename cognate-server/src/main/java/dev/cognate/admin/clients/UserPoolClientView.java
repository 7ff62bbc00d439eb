package dev.cognate.admin.clients;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.clients.AppClient;
import dev.cognate.clients.RefreshTokenRotation;
import dev.cognate.clients.TokenValidityUnits;
import java.time.Instant;
import java.util.List;

/** AWS UserPoolClientType as Create, Describe and UpdateUserPoolClient answer it (with the secret, as AWS does). */
public record UserPoolClientView(
        String userPoolId,
        String clientName,
        String clientId,
        String clientSecret,
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

    static UserPoolClientView of(AppClient c) {
        return new UserPoolClientView(c.userPoolId(), c.clientName(), c.clientId(), c.clientSecret(),
                c.lastModifiedDate(), c.creationDate(), c.refreshTokenValidity(), c.accessTokenValidity(),
                c.idTokenValidity(), c.tokenValidityUnits(), c.readAttributes(), c.writeAttributes(),
                c.explicitAuthFlows(), c.supportedIdentityProviders(), c.callbackURLs(), c.logoutURLs(),
                c.defaultRedirectURI(), c.allowedOAuthFlows(), c.allowedOAuthScopes(),
                c.allowedOAuthFlowsUserPoolClient(), c.analyticsConfiguration(), c.preventUserExistenceErrors(),
                c.enableTokenRevocation(), c.enablePropagateAdditionalUserContextData(), c.authSessionValidity(),
                c.refreshTokenRotation());
    }

    /** Clients' own toString would print the secret: leave it out. */
    @Override
    public String toString() {
        return "UserPoolClientView[userPoolId=" + userPoolId + ", clientId=" + clientId + "]";
    }
}
