package dev.cognate.providers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The secret ProviderDetails of an identity provider, opened: the IdP client secret and the
 * private key (for {@code private_key_jwt}, or Sign in with Apple). Stored sealed; never logged
 * ({@link #toString} says only which are present).
 */
public final class ProviderSecrets {
    public static final String CLIENT_SECRET = "client_secret";
    public static final String PRIVATE_KEY = "private_key";
    public static final ProviderSecrets NONE = new ProviderSecrets(null, null);

    private final String clientSecret;
    private final String privateKey;

    public ProviderSecrets(String clientSecret, String privateKey) {
        this.clientSecret = clientSecret;
        this.privateKey = privateKey;
    }

    /** The secret keys of a full ProviderDetails map. */
    public static ProviderSecrets of(Map<String, String> details) {
        return new ProviderSecrets(details.get(CLIENT_SECRET), details.get(PRIVATE_KEY));
    }

    /** A full ProviderDetails map without its secret keys. */
    public static Map<String, String> withoutSecrets(Map<String, String> details) {
        Map<String, String> rest = new LinkedHashMap<>(details);
        rest.remove(CLIENT_SECRET);
        rest.remove(PRIVATE_KEY);
        return rest;
    }

    public static boolean isSecret(String key) {
        return CLIENT_SECRET.equals(key) || PRIVATE_KEY.equals(key);
    }

    public Optional<String> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    /** A PEM private key; internal use only: no API answer ever carries it. */
    public Optional<String> privateKey() {
        return Optional.ofNullable(privateKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderSecrets other
                && Objects.equals(clientSecret, other.clientSecret)
                && Objects.equals(privateKey, other.privateKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientSecret, privateKey);
    }

    @Override
    public String toString() {
        return "ProviderSecrets[clientSecret=" + (clientSecret == null ? "none" : "***")
                + ", privateKey=" + (privateKey == null ? "none" : "***") + "]";
    }
}
