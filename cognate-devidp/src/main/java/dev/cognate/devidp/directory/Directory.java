package dev.cognate.devidp.directory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The dev IdP's data, in memory: tenants, users, app registrations and consent grants. Thread-safe. */
public final class Directory {
    private final Map<String, Tenant> tenants = new LinkedHashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private final Map<String, ConsentGrant> grants = new LinkedHashMap<>();

    public Directory() {
        addTenant(Tenant.consumers());
    }

    public synchronized void addTenant(Tenant tenant) {
        if (tenants.containsKey(tenant.id())) {
            throw new IllegalArgumentException("tenant " + tenant.id() + " is defined twice");
        }
        for (String domain : tenant.domains()) {
            if (tenant(domain).isPresent()) {
                throw new IllegalArgumentException("domain " + domain + " belongs to two tenants");
            }
        }
        tenants.put(tenant.id(), tenant);
    }

    /** A tenant by GUID or by one of its domains, case-insensitively. */
    public synchronized Optional<Tenant> tenant(String idOrDomain) {
        if (idOrDomain == null) {
            return Optional.empty();
        }
        Tenant byId = tenants.get(idOrDomain.toLowerCase(Locale.ROOT));
        if (byId != null) {
            return Optional.of(byId);
        }
        return tenants.values().stream().filter(t -> t.hasDomain(idOrDomain)).findFirst();
    }

    /** Every tenant, in the order they were added; the consumers tenant first. */
    public synchronized List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }

    public synchronized void addUser(User user) {
        if (!tenants.containsKey(user.tenantId())) {
            throw new IllegalArgumentException("user " + user.userPrincipalName() + ": no tenant " + user.tenantId());
        }
        if (users.containsKey(user.id())) {
            throw new IllegalArgumentException("user id " + user.id() + " is used twice");
        }
        boolean nameTaken = users.values().stream()
                .anyMatch(u -> u.tenantId().equals(user.tenantId()) && u.userPrincipalName().equalsIgnoreCase(user.userPrincipalName()));
        if (nameTaken) {
            throw new IllegalArgumentException("user " + user.userPrincipalName() + " is defined twice in tenant " + user.tenantId());
        }
        users.put(user.id(), user);
    }

    public synchronized Optional<User> user(String objectId) {
        return Optional.ofNullable(objectId == null ? null : users.get(objectId.toLowerCase(Locale.ROOT)));
    }

    public synchronized List<User> users() {
        return List.copyOf(users.values());
    }

    public synchronized List<User> usersOf(String tenantId) {
        return users.values().stream().filter(u -> u.tenantId().equals(tenantId)).toList();
    }

    public synchronized Application addApplication(Application application) {
        if (!tenants.containsKey(application.tenantId())) {
            throw new IllegalArgumentException("application " + application.displayName() + ": no tenant " + application.tenantId());
        }
        if (applications.containsKey(application.id()) || applicationByAppId(application.appId()).isPresent()) {
            throw new IllegalArgumentException("application " + application.appId() + " is defined twice");
        }
        applications.put(application.id(), application);
        return application;
    }

    public synchronized Optional<Application> application(String objectId) {
        return Optional.ofNullable(objectId == null ? null : applications.get(objectId.toLowerCase(Locale.ROOT)));
    }

    public synchronized Optional<Application> applicationByAppId(String appId) {
        return applications.values().stream().filter(a -> a.appId().equalsIgnoreCase(appId == null ? "" : appId)).findFirst();
    }

    public synchronized List<Application> applicationsOf(String tenantId) {
        return applications.values().stream().filter(a -> a.tenantId().equals(tenantId)).toList();
    }

    /** Replaces an application with {@code change}'s result; empty when there is no such application. */
    public synchronized Optional<Application> update(String objectId, UnaryOperator<Application> change) {
        return application(objectId).map(current -> {
            Application changed = change.apply(current);
            applications.put(current.id(), changed);
            return changed;
        });
    }

    public synchronized boolean deleteApplication(String objectId) {
        Application removed = applications.remove(objectId.toLowerCase(Locale.ROOT));
        if (removed != null) {
            grants.values().removeIf(g -> g.appId().equals(removed.appId()));
        }
        return removed != null;
    }

    public synchronized ConsentGrant addGrant(ConsentGrant grant) {
        grants.put(grant.id(), grant);
        return grant;
    }

    public synchronized List<ConsentGrant> grants() {
        return new ArrayList<>(grants.values());
    }

    /** The scopes a user has, for an app, in a tenant: admin consent for everyone there plus the user's own consent. */
    public synchronized Set<String> grantedScopes(String appId, String tenantId, String userId) {
        Set<String> scopes = new HashSet<>();
        for (ConsentGrant grant : grants.values()) {
            if (grant.appId().equalsIgnoreCase(appId) && grant.tenantId().equals(tenantId)
                    && (grant.allPrincipals() || grant.principalId().equals(userId))) {
                grant.scopes().forEach(s -> scopes.add(s.toLowerCase(Locale.ROOT)));
            }
        }
        return scopes;
    }
}
