package dev.cognate.devidp.directory;

import java.time.Instant;
import java.util.List;

/**
 * An app registration, owned by the tenant it was registered in. {@code id} is the object id, {@code appId}
 * the client id. {@code removeUnverifiedEmailClaim} null means Entra's default: true for multi-tenant apps.
 */
public record Application(String id, String appId, String tenantId, String displayName, SignInAudience signInAudience,
                          List<String> redirectUris, String logoutUrl, boolean idTokenIssuance,
                          List<String> optionalIdTokenClaims, String groupMembershipClaims,
                          List<ResourceAccess> requiredResourceAccess, Boolean removeUnverifiedEmailClaim,
                          List<PasswordCredential> passwordCredentials, List<KeyCredential> keyCredentials,
                          Instant createdDateTime) {
    public Application {
        redirectUris = List.copyOf(redirectUris);
        optionalIdTokenClaims = List.copyOf(optionalIdTokenClaims);
        requiredResourceAccess = List.copyOf(requiredResourceAccess);
        passwordCredentials = List.copyOf(passwordCredentials);
        keyCredentials = List.copyOf(keyCredentials);
    }

    public boolean wantsOptionalClaim(String name) {
        return optionalIdTokenClaims.contains(name);
    }

    public boolean dropsUnverifiedEmail() {
        return removeUnverifiedEmailClaim == null ? signInAudience.multiTenant() : removeUnverifiedEmailClaim;
    }

    /** Whether a groups claim is configured: {@code SecurityGroup}, {@code All}, {@code DirectoryRole} or {@code ApplicationGroup}. */
    public boolean emitsGroups() {
        return groupMembershipClaims != null && !groupMembershipClaims.isBlank() && !"None".equalsIgnoreCase(groupMembershipClaims);
    }

    public Application withPasswordCredentials(List<PasswordCredential> credentials) {
        return new Application(id, appId, tenantId, displayName, signInAudience, redirectUris, logoutUrl, idTokenIssuance,
                optionalIdTokenClaims, groupMembershipClaims, requiredResourceAccess, removeUnverifiedEmailClaim,
                credentials, keyCredentials, createdDateTime);
    }

    public Application withKeyCredentials(List<KeyCredential> credentials) {
        return new Application(id, appId, tenantId, displayName, signInAudience, redirectUris, logoutUrl, idTokenIssuance,
                optionalIdTokenClaims, groupMembershipClaims, requiredResourceAccess, removeUnverifiedEmailClaim,
                passwordCredentials, credentials, createdDateTime);
    }
}
