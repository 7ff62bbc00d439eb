package dev.cognate.devidp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a dev IdP runs and what its directory holds at start: the JSON of {@code --config <file>}. Everything
 * is optional; the directory can also be filled at run time through the Graph-shaped API (kept in memory).
 *
 * @param host address to listen on (default 127.0.0.1)
 * @param port port to listen on (default 9339; 0 picks a free one)
 * @param publicUrl base URL clients reach the IdP at (default {@code http(s)://localhost:<port>})
 * @param adminToken bearer token of the Graph-shaped API and admin endpoints (default: generated and printed)
 * @param tls serve HTTPS with a self-signed certificate for localhost (MSAL insists on https authorities)
 * @param signingKeys how many signing keys the JWKS publishes (default 3)
 * @param tenants tenants with their users and app registrations
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record DevIdpConfig(String host, Integer port, String publicUrl, String adminToken, Boolean tls,
                           Integer signingKeys, List<TenantSpec> tenants) {
    public static final int DEFAULT_PORT = 9339;

    public DevIdpConfig {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
    }

    /** A tenant: GUID, display name, verified domains, users and app registrations. */
    public record TenantSpec(String id, String displayName, List<String> domains, List<UserSpec> users,
                             List<ApplicationSpec> applications) {
        public TenantSpec {
            domains = domains == null ? List.of() : List.copyOf(domains);
            users = users == null ? List.of() : List.copyOf(users);
            applications = applications == null ? List.of() : List.copyOf(applications);
        }
    }

    /**
     * A test user. {@code id} (the object id) defaults to a name-based UUID of tenant and sign-in name, so it is
     * stable across restarts. {@code mailVerified} defaults to whether the mail's domain is one of the tenant's
     * (always true for personal accounts). {@code homeTenantId} makes the user a guest from that tenant.
     */
    public record UserSpec(String id, String userPrincipalName, String displayName, String givenName, String surname,
                           String mail, Boolean mailVerified, String password, String homeTenantId, List<String> groups) {}

    /**
     * An app registration known from the start. {@code clientSecret} adds a password credential with that value
     * (expiring in two years); {@code adminConsent} grants openid, profile, email, offline_access and User.Read
     * to every user of the app's tenant.
     */
    public record ApplicationSpec(String appId, String displayName, String signInAudience, List<String> redirectUris,
                                  List<String> optionalClaims, String groupMembershipClaims,
                                  Boolean removeUnverifiedEmailClaim, String clientSecret, Boolean adminConsent) {}

    /** No tenants but the personal-account one; defaults for everything else. */
    public static DevIdpConfig empty() {
        return new DevIdpConfig(null, null, null, null, null, null, List.of());
    }

    /** The built-in sample directory: Contoso, Fabrikam and Northwind tenants, a guest, a personal account and an impostor. */
    public static DevIdpConfig sample() {
        try (InputStream in = DevIdpConfig.class.getResourceAsStream("sample-directory.json")) {
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DevIdpConfig load(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static DevIdpConfig parse(byte[] json) {
        try {
            return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(json, DevIdpConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid dev IdP configuration: " + e.getMessage(), e);
        }
    }

    public String hostOrDefault() {
        return host == null || host.isBlank() ? "127.0.0.1" : host;
    }

    public int portOrDefault() {
        return port == null ? DEFAULT_PORT : port;
    }

    public boolean tlsOrDefault() {
        return tls != null && tls;
    }

    public int signingKeysOrDefault() {
        return signingKeys == null ? 3 : signingKeys;
    }

    public DevIdpConfig withHost(String value) {
        return new DevIdpConfig(value, port, publicUrl, adminToken, tls, signingKeys, tenants);
    }

    public DevIdpConfig withPort(int value) {
        return new DevIdpConfig(host, value, publicUrl, adminToken, tls, signingKeys, tenants);
    }

    public DevIdpConfig withPublicUrl(String value) {
        return new DevIdpConfig(host, port, value, adminToken, tls, signingKeys, tenants);
    }

    public DevIdpConfig withAdminToken(String value) {
        return new DevIdpConfig(host, port, publicUrl, value, tls, signingKeys, tenants);
    }

    public DevIdpConfig withTls(boolean value) {
        return new DevIdpConfig(host, port, publicUrl, adminToken, value, signingKeys, tenants);
    }
}
