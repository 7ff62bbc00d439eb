package dev.cognate.federation;


import dev.cognate.pools.SchemaAttribute;
import dev.cognate.pools.UserPool;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.OidcSettings;
import dev.cognate.users.UserAttribute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's AttributeMapping applied at a sign-in, with Cognito's semantics
 * (reference/cognito.md, "Federated users"):
 * <ul>
 *   <li>every mapped attribute whose claim is present is rewritten, at every sign-in; a claim
 *       absent this time leaves the stored value alone;</li>
 *   <li>a value over 2048 characters is an error;</li>
 *   <li>every attribute the pool requires must be mapped (and have a value), else
 *       {@code Invalid user attributes: <attr>: The attribute is required};</li>
 *   <li>a mapped {@code email} (or {@code phone_number}) is unverified unless
 *       {@code email_verified} ({@code phone_number_verified}) is mapped too, except that an
 *       Entra e-mail counts as verified when the token's {@code xms_edov} is true or "1" (the
 *       domain owner vouches for it); never from an unmapped {@code email_verified} claim.</li>
 * </ul>
 * Attributes the pool marks immutable are written when the user is created, not after.
 */
final class AttributeMapping {
    static final int MAX_VALUE_LENGTH = 2048;
    private static final String USERNAME = "username";
    /** Attributes Cognito sets for every federated user, required or not. */
    private static final java.util.Set<String> SET_BY_COGNITO = java.util.Set.of("sub", "identities");

    /** The attributes to store, or why the sign-in is refused. */
    sealed interface Result {
        record Mapped(List<UserAttribute> attributes) implements Result {}

        record Refused(String description) implements Result {}
    }

    private AttributeMapping() {}

    static Result apply(UserPool pool, IdentityProvider provider, Claims claims, List<UserAttribute> stored,
                        boolean newUser) {
        Map<String, String> attributes = new LinkedHashMap<>();
        stored.forEach(a -> attributes.put(a.name(), a.value()));
        Map<String, String> mapping = provider.attributeMapping();
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            String attribute = entry.getKey();
            if (attribute.equals(USERNAME)) {
                continue;
            }
            Optional<String> value = claims.string(entry.getValue());
            if (value.isEmpty()) {
                continue;
            }
            if (value.get().length() > MAX_VALUE_LENGTH) {
                return new Result.Refused("Invalid user attributes: " + attribute + ": The attribute value is longer "
                        + "than " + MAX_VALUE_LENGTH + " characters");
            }
            boolean mutable = pool.attribute(attribute).map(SchemaAttribute::isMutable).orElse(true);
            if (newUser || mutable) {
                attributes.put(attribute, attribute.endsWith("_verified") ? verified(value.get()) : value.get());
            }
        }
        verification(attributes, mapping, claims, "email", EntraIssuers.isEntra(oidcIssuer(provider))
                && claims.isTrue("xms_edov"));
        verification(attributes, mapping, claims, "phone_number", false);
        for (SchemaAttribute required : pool.requiredAttributes()) {
            if (SET_BY_COGNITO.contains(required.name())) {
                continue;
            }
            if (!mapping.containsKey(required.name()) || attributes.get(required.name()) == null) {
                return new Result.Refused("Invalid user attributes: " + required.name() + ": The attribute is required");
            }
        }
        return new Result.Mapped(attributes.entrySet().stream()
                .map(e -> new UserAttribute(e.getKey(), e.getValue())).toList());
    }

    /** A mapped e-mail or phone number written this sign-in is unverified unless its verification is mapped. */
    private static void verification(Map<String, String> attributes, Map<String, String> mapping, Claims claims,
                                     String attribute, boolean vouchedFor) {
        String flag = attribute + "_verified";
        boolean written = mapping.containsKey(attribute) && claims.has(mapping.get(attribute));
        boolean flagWritten = mapping.containsKey(flag) && claims.has(mapping.get(flag));
        if (written && !flagWritten) {
            attributes.put(flag, vouchedFor ? "true" : "false");
        }
    }

    private static String verified(String value) {
        return value.equals("true") || value.equals("1") ? "true" : "false";
    }

    private static String oidcIssuer(IdentityProvider provider) {
        String issuer = provider.details().get(OidcSettings.OIDC_ISSUER);
        return issuer == null ? "" : issuer;
    }
}
