package dev.cognate.devidp.directory;

import java.util.List;

/** A directory (Entra tenant): its GUID and the domains it has verified. */
public record Tenant(String id, String displayName, List<String> domains) {
    /** The tenant of personal Microsoft accounts. */
    public static final String CONSUMERS_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

    public Tenant {
        id = id.toLowerCase(java.util.Locale.ROOT);
        domains = List.copyOf(domains);
    }

    public static Tenant consumers() {
        return new Tenant(CONSUMERS_ID, "Microsoft Accounts", List.of());
    }

    public boolean isConsumers() {
        return CONSUMERS_ID.equals(id);
    }

    public boolean hasDomain(String domain) {
        return domains.stream().anyMatch(d -> d.equalsIgnoreCase(domain));
    }

    /** The domain used for users' sign-in names and the app's publisherDomain. */
    public String primaryDomain() {
        return domains.isEmpty() ? id : domains.getFirst();
    }
}
