package dev.cognate.admin.clients;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.clients.RefreshTokenRotation;
import dev.cognate.clients.TokenValidityUnits;
import java.util.List;

/** The members that CreateUserPoolClient and UpdateUserPoolClient share. */
interface ClientSettings {
    String userPoolId();

    String clientName();

    Integer refreshTokenValidity();

    Integer accessTokenValidity();

    Integer idTokenValidity();

    TokenValidityUnits tokenValidityUnits();

    List<String> readAttributes();

    List<String> writeAttributes();

    List<String> explicitAuthFlows();

    List<String> supportedIdentityProviders();

    List<String> callbackURLs();

    List<String> logoutURLs();

    String defaultRedirectURI();

    List<String> allowedOAuthFlows();

    List<String> allowedOAuthScopes();

    Boolean allowedOAuthFlowsUserPoolClient();

    JsonNode analyticsConfiguration();

    String preventUserExistenceErrors();

    Boolean enableTokenRevocation();

    Boolean enablePropagateAdditionalUserContextData();

    Integer authSessionValidity();

    RefreshTokenRotation refreshTokenRotation();
}
