package dev.cognate.providers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Which ProviderDetails keys each provider type takes, and the checks of their values. */
public final class ProviderDetailRules {
    /** Read-only: Cognito answers it in Describe; clients that send a described provider back may include it. */
    public static final String ATTRIBUTES_URL_ADD_ATTRIBUTES = "attributes_url_add_attributes";

    /** Keys Cognito fills in for the social providers; accepted back as given. */
    private static final Set<String> SOCIAL_FILLED = Set.of("authorize_url", "token_url", "attributes_url",
            "oidc_issuer", "token_request_method");
    private static final Set<String> SAML_METADATA = Set.of("MetadataURL", "MetadataFile");

    private record Keys(Set<String> required, Set<String> optional) {
        boolean knows(String key) {
            return required.contains(key) || optional.contains(key);
        }
    }

    private ProviderDetailRules() {}

    /**
     * Checks a full ProviderDetails map (secret keys included) for a provider type.
     *
     * @return the details to keep: as given, less the read-only keys
     * @throws InvalidProviderDetailsException naming the first key that is unknown, missing or wrong
     */
    public static Map<String, String> check(ProviderType type, Map<String, String> details) {
        Map<String, String> kept = new LinkedHashMap<>(details);
        kept.remove(ATTRIBUTES_URL_ADD_ATTRIBUTES);
        Keys keys = keys(type);
        for (Map.Entry<String, String> e : kept.entrySet()) {
            if (!keys.knows(e.getKey())) {
                throw new InvalidProviderDetailsException("ProviderDetails key " + e.getKey()
                        + " is not supported for provider type " + type.awsName() + ".");
            }
            if (e.getValue() == null) {
                throw new InvalidProviderDetailsException("ProviderDetails key " + e.getKey() + " has no value.");
            }
        }
        switch (type) {
            case OIDC -> OidcSettings.parse(ProviderSecrets.withoutSecrets(kept), ProviderSecrets.of(kept));
            case SAML -> {
                long metadata = SAML_METADATA.stream().filter(kept::containsKey).count();
                if (metadata != 1) {
                    throw new InvalidProviderDetailsException(
                            "ProviderDetails of a SAML provider must have exactly one of MetadataURL and MetadataFile.");
                }
            }
            case SIGN_IN_WITH_APPLE -> {
                requireAll(type, keys.required(), kept);
                if (!(privateKey(kept.get(ProviderSecrets.PRIVATE_KEY)) instanceof java.security.interfaces.ECPrivateKey)) {
                    throw new InvalidProviderDetailsException("private_key of a SignInWithApple provider must be the EC "
                            + "key Apple issues (the .p8 file's PEM).");
                }
            }
            case FACEBOOK -> {
                requireAll(type, keys.required(), kept);
                String version = kept.get("api_version");
                if (version != null && !version.matches("v[0-9]{1,3}\\.[0-9]{1,3}")) {
                    throw new InvalidProviderDetailsException("api_version of a Facebook provider must be a Graph API "
                            + "version such as v17.0.");
                }
            }
            default -> requireAll(type, keys.required(), kept);
        }
        return kept;
    }

    private static java.security.PrivateKey privateKey(String pem) {
        try {
            return PemKeys.privateKey(pem);
        } catch (IllegalArgumentException e) {
            throw new InvalidProviderDetailsException(ProviderSecrets.PRIVATE_KEY + " is " + e.getMessage() + ".");
        }
    }

    private static void requireAll(ProviderType type, Set<String> required, Map<String, String> details) {
        for (String key : new TreeSet<>(required)) {
            String value = details.get(key);
            if (value == null || value.isBlank()) {
                throw new InvalidProviderDetailsException("ProviderDetails of a " + type.awsName()
                        + " provider must have " + key + ".");
            }
        }
    }

    private static Keys keys(ProviderType type) {
        return switch (type) {
            case OIDC -> new Keys(OidcSettings.REQUIRED, OidcSettings.OPTIONAL);
            case SAML -> new Keys(Set.of(), Set.of("MetadataURL", "MetadataFile", "IDPSignout", "IDPInit",
                    "EncryptedResponses", "RequestSigningAlgorithm", "SSORedirectBindingURI",
                    "SLORedirectBindingURI", "ActiveEncryptionCertificate"));
            case GOOGLE, LOGIN_WITH_AMAZON -> social(List.of("client_id", "client_secret", "authorize_scopes"));
            case FACEBOOK -> social(List.of("client_id", "client_secret", "authorize_scopes"), "api_version");
            case SIGN_IN_WITH_APPLE -> social(List.of("client_id", "team_id", "key_id", "private_key", "authorize_scopes"));
        };
    }

    private static Keys social(List<String> required, String... optional) {
        return new Keys(Set.copyOf(required),
                Set.copyOf(Stream.concat(SOCIAL_FILLED.stream(), Stream.of(optional)).toList()));
    }
}
