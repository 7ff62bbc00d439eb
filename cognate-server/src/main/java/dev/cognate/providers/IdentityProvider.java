package dev.cognate.providers;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An identity provider of a user pool, as stored. {@code details} is AWS's ProviderDetails
 * without the secret keys, which live opened in {@code secrets} (sealed at rest).
 * {@code discovered} is what the OIDC issuer's discovery document said (null when the
 * endpoints were given explicitly, or for other provider types).
 */
public record IdentityProvider(
        String poolId,
        String name,
        ProviderType type,
        Map<String, String> details,
        ProviderSecrets secrets,
        Map<String, String> attributeMapping,
        List<String> idpIdentifiers,
        Map<String, String> acrMapping,
        Instant creationDate,
        Instant lastModifiedDate,
        OidcMetadata discovered) {

    public IdentityProvider {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        details = frozen(details);
        secrets = secrets == null ? ProviderSecrets.NONE : secrets;
        if (details.keySet().stream().anyMatch(ProviderSecrets::isSecret)) {
            throw new IllegalArgumentException("secret keys belong in ProviderSecrets, not in details");
        }
        attributeMapping = frozen(attributeMapping);
        idpIdentifiers = idpIdentifiers == null ? List.of() : List.copyOf(idpIdentifiers);
        acrMapping = acrMapping == null ? null : frozen(acrMapping);
    }

    /** A provider without discovered metadata. */
    public IdentityProvider(String poolId, String name, ProviderType type, Map<String, String> details,
                            ProviderSecrets secrets, Map<String, String> attributeMapping, List<String> idpIdentifiers,
                            Map<String, String> acrMapping, Instant creationDate, Instant lastModifiedDate) {
        this(poolId, name, type, details, secrets, attributeMapping, idpIdentifiers, acrMapping, creationDate,
                lastModifiedDate, null);
    }

    public Optional<OidcMetadata> discoveredMetadata() {
        return Optional.ofNullable(discovered);
    }

    /** The typed settings of an OIDC provider (its details were checked when it was stored). */
    public OidcSettings oidc() {
        if (type != ProviderType.OIDC) {
            throw new IllegalStateException("identity provider " + name + " is " + type.awsName() + ", not OIDC");
        }
        return OidcSettings.parse(details, secrets);
    }

    private static Map<String, String> frozen(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
