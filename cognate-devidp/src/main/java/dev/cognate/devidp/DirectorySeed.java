package dev.cognate.devidp;

import dev.cognate.devidp.DevIdpConfig.ApplicationSpec;
import dev.cognate.devidp.DevIdpConfig.TenantSpec;
import dev.cognate.devidp.DevIdpConfig.UserSpec;
import dev.cognate.devidp.crypto.RandomValues;
import dev.cognate.devidp.directory.Application;
import dev.cognate.devidp.directory.ConsentGrant;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.directory.PasswordCredential;
import dev.cognate.devidp.directory.SignInAudience;
import dev.cognate.devidp.directory.Tenant;
import dev.cognate.devidp.directory.User;
import dev.cognate.devidp.oauth.RedirectUris;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Fills a {@link Directory} from a {@link DevIdpConfig}; ids it does not give are derived, so they stay stable across restarts. */
final class DirectorySeed {
    static final String DEFAULT_TENANT_ID = "00000000-0000-4000-8000-00000000d1d9";
    private static final Set<String> CONSENTED_BY_ADMIN = Set.of("openid", "profile", "email", "offline_access", "user.read");

    private DirectorySeed() {}

    static Directory build(DevIdpConfig config, Clock clock) {
        Directory directory = new Directory();
        for (TenantSpec spec : config.tenants()) {
            if (spec.id() == null || !spec.id().matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                throw new IllegalArgumentException("tenant " + spec.displayName() + ": 'id' must be a GUID");
            }
            if (!Tenant.CONSUMERS_ID.equalsIgnoreCase(spec.id())) {
                directory.addTenant(new Tenant(spec.id(), spec.displayName() == null ? spec.id() : spec.displayName(), spec.domains()));
            }
        }
        if (directory.tenants().stream().allMatch(Tenant::isConsumers)) {
            directory.addTenant(new Tenant(DEFAULT_TENANT_ID, "Default Directory", List.of("devidp.onmicrosoft.com")));
        }
        for (TenantSpec spec : config.tenants()) {
            Tenant tenant = directory.tenant(spec.id()).orElseThrow();
            spec.users().forEach(u -> directory.addUser(user(tenant, u)));
            spec.applications().forEach(a -> addApplication(directory, tenant, a, clock.instant()));
        }
        return directory;
    }

    private static User user(Tenant tenant, UserSpec spec) {
        if (spec.userPrincipalName() == null || spec.password() == null) {
            throw new IllegalArgumentException("every user needs 'userPrincipalName' and 'password' (tenant " + tenant.displayName() + ")");
        }
        String id = spec.id() != null ? spec.id() : nameBased(tenant.id() + "|" + spec.userPrincipalName().toLowerCase(Locale.ROOT));
        boolean verified = spec.mailVerified() != null ? spec.mailVerified()
                : spec.mail() != null && (tenant.isConsumers() || tenant.hasDomain(spec.mail().substring(spec.mail().indexOf('@') + 1)));
        if (spec.homeTenantId() != null && tenant.isConsumers()) {
            throw new IllegalArgumentException("user " + spec.userPrincipalName() + ": personal accounts cannot be guests");
        }
        return new User(id, tenant.id(), spec.userPrincipalName(), spec.displayName() == null ? spec.userPrincipalName() : spec.displayName(),
                spec.givenName(), spec.surname(), spec.mail(), verified, spec.password(), spec.homeTenantId(), spec.groups());
    }

    private static void addApplication(Directory directory, Tenant tenant, ApplicationSpec spec, Instant now) {
        if (spec.displayName() == null) {
            throw new IllegalArgumentException("every application needs a 'displayName' (tenant " + tenant.displayName() + ")");
        }
        SignInAudience audience = spec.signInAudience() == null ? SignInAudience.AzureADMyOrg
                : SignInAudience.parse(spec.signInAudience()).orElseThrow(() -> new IllegalArgumentException(
                        "application " + spec.displayName() + ": unknown signInAudience " + spec.signInAudience()));
        List<String> redirectUris = spec.redirectUris() == null ? List.of() : spec.redirectUris();
        for (String uri : redirectUris) {
            RedirectUris.registrationProblem(uri).ifPresent(p -> {
                throw new IllegalArgumentException("application " + spec.displayName() + ": " + p);
            });
        }
        String appId = spec.appId() != null ? spec.appId().toLowerCase(Locale.ROOT) : UUID.randomUUID().toString();
        List<PasswordCredential> passwords = spec.clientSecret() == null ? List.of()
                : List.of(new PasswordCredential(nameBased("secret|" + appId), "from configuration", spec.clientSecret().substring(0, Math.min(3, spec.clientSecret().length())),
                        RandomValues.hash(spec.clientSecret()), now, now.atOffset(ZoneOffset.UTC).plusYears(2).toInstant()));
        Application app = new Application(nameBased("app|" + appId), appId, tenant.id(), spec.displayName(), audience, redirectUris,
                null, false, spec.optionalClaims() == null ? List.of() : spec.optionalClaims(), spec.groupMembershipClaims(),
                List.of(), spec.removeUnverifiedEmailClaim(), passwords, List.of(), now);
        directory.addApplication(app);
        if (Boolean.TRUE.equals(spec.adminConsent())) {
            directory.addGrant(new ConsentGrant(RandomValues.token(32), appId, tenant.id(), null, CONSENTED_BY_ADMIN));
        }
    }

    private static String nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
