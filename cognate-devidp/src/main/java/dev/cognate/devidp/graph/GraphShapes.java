package dev.cognate.devidp.graph;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cognate.devidp.directory.ResourceAccess;
import java.time.Instant;
import java.util.List;

/** Microsoft Graph v1.0 request and response bodies, as far as the dev IdP uses them. */
final class GraphShapes {
    private GraphShapes() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApplicationBody(String displayName, String signInAudience, Web web, OptionalClaims optionalClaims,
                           String groupMembershipClaims, List<ResourceAccess> requiredResourceAccess,
                           AuthenticationBehaviors authenticationBehaviors, List<KeyCredentialBody> keyCredentials) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Web(List<String> redirectUris, String logoutUrl, String homePageUrl, ImplicitGrantSettings implicitGrantSettings) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ImplicitGrantSettings(Boolean enableIdTokenIssuance, Boolean enableAccessTokenIssuance) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OptionalClaims(List<OptionalClaim> idToken, List<OptionalClaim> accessToken, List<OptionalClaim> saml2Token) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record OptionalClaim(String name, String source, Boolean essential, List<String> additionalProperties) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AuthenticationBehaviors(Boolean removeUnverifiedEmailClaim, Boolean requireClientServicePrincipal) {}

    /** keyCredentials entry: {@code key} is the base64 DER of a public certificate. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeyCredentialBody(String type, String usage, String key, String displayName, String keyId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AddPasswordBody(PasswordCredentialBody passwordCredential) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PasswordCredentialBody(String displayName, String startDateTime, String endDateTime) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RemovePasswordBody(String keyId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ServicePrincipalBody(String appId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PermissionGrantBody(String clientId, String consentType, String principalId, String resourceId, String scope) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ApplicationResource(@JsonProperty("@odata.context") String odataContext, String id, String appId,
                               Instant createdDateTime, String displayName, String signInAudience, String publisherDomain,
                               String groupMembershipClaims, List<String> identifierUris, WebResource web,
                               OptionalClaims optionalClaims, List<ResourceAccess> requiredResourceAccess,
                               List<PasswordCredentialResource> passwordCredentials,
                               List<KeyCredentialResource> keyCredentials, AuthenticationBehaviors authenticationBehaviors) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WebResource(List<String> redirectUris, String logoutUrl, String homePageUrl, ImplicitGrantSettings implicitGrantSettings) {}

    /** {@code secretText} is only ever set in addPassword's answer. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PasswordCredentialResource(String customKeyIdentifier, String displayName, Instant endDateTime, String hint,
                                      String keyId, String secretText, Instant startDateTime) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KeyCredentialResource(String customKeyIdentifier, String displayName, Instant endDateTime, String key,
                                 String keyId, Instant startDateTime, String type, String usage) {}

    record ServicePrincipalResource(String id, String appId, String displayName, String appOwnerOrganizationId,
                                    String servicePrincipalType, String signInAudience) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PermissionGrantResource(String id, String clientId, String consentType, String principalId, String resourceId,
                                   String scope) {}

    record Collection<T>(@JsonProperty("@odata.context") String odataContext, List<T> value) {}

    record MemberObjects(List<String> value) {}

    record RotatedKey(String kid) {}

    record GraphError(Error error) {
        record Error(String code, String message, InnerError innerError) {}

        record InnerError(String date, @JsonProperty("request-id") String requestId,
                          @JsonProperty("client-request-id") String clientRequestId) {}
    }
}
