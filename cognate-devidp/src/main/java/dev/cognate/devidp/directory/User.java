package dev.cognate.devidp.directory;

import java.util.List;
import java.util.Locale;

/**
 * A test user: an object of one tenant. A guest is an object in the tenant that invited it, whose home
 * ({@code homeTenantId}) is another tenant; a personal account lives in the consumers tenant. {@code mail}
 * may be unverified and chosen by anyone (an attacker's claim to someone else's address).
 */
public record User(String id, String tenantId, String userPrincipalName, String displayName, String givenName,
                   String surname, String mail, boolean mailVerified, String password, String homeTenantId,
                   List<String> groups) {
    public User {
        id = id.toLowerCase(Locale.ROOT);
        tenantId = tenantId.toLowerCase(Locale.ROOT);
        homeTenantId = homeTenantId == null ? null : homeTenantId.toLowerCase(Locale.ROOT);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public boolean isGuest() {
        return homeTenantId != null && !homeTenantId.equals(tenantId);
    }

    public boolean isPersonalAccount() {
        return Tenant.CONSUMERS_ID.equals(tenantId);
    }

    public boolean matchesSignInName(String name) {
        return name != null && (userPrincipalName.equalsIgnoreCase(name) || (mail != null && isPersonalAccount() && mail.equalsIgnoreCase(name)));
    }
}
