package dev.cognate.devidp.oauth;

import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.directory.Tenant;
import dev.cognate.devidp.directory.User;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code {tenant}} path segment of a request, resolved: one tenant (by GUID or verified domain) or one of
 * the multi-tenant authorities {@code common}, {@code organizations}, {@code consumers}.
 */
public record Authority(String segment, Kind kind, Tenant tenant) {
    public static final String TENANT_TEMPLATE = "{tenantid}";

    public enum Kind { TENANT, COMMON, ORGANIZATIONS, CONSUMERS }

    public static Optional<Authority> resolve(String segment, Directory directory) {
        String lower = segment.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "common" -> Optional.of(new Authority(lower, Kind.COMMON, null));
            case "organizations" -> Optional.of(new Authority(lower, Kind.ORGANIZATIONS, null));
            case "consumers" -> Optional.of(new Authority(lower, Kind.CONSUMERS, directory.tenant(Tenant.CONSUMERS_ID).orElseThrow()));
            default -> directory.tenant(segment).map(t -> new Authority(segment, Kind.TENANT, t));
        };
    }

    /** The issuer's tenant part in discovery: the GUID, or the {tenantid} template for common/organizations. */
    public String issuerTenant() {
        return tenant == null ? TENANT_TEMPLATE : tenant.id();
    }

    /** The tenant part of this authority's endpoint URLs: the GUID for a tenant, else the segment as named. */
    public String endpointSegment() {
        return kind == Kind.TENANT ? tenant.id() : segment.toLowerCase(Locale.ROOT);
    }

    /** Whether a user may sign in through this authority. */
    public boolean admits(User user) {
        return switch (kind) {
            case TENANT -> user.tenantId().equals(tenant.id());
            case ORGANIZATIONS -> !user.isPersonalAccount();
            case CONSUMERS -> user.isPersonalAccount();
            case COMMON -> true;
        };
    }
}
