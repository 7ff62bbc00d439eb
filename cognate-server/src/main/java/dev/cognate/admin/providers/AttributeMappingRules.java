package dev.cognate.admin.providers;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Validate;
import dev.cognate.pools.UserPool;
import dev.cognate.providers.ProviderType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** AttributeMapping: pool attribute (or {@code username}) -> IdP claim. */
final class AttributeMappingRules {
    static final String USERNAME = "username";
    /** Attributes Cognito itself sets for a federated user. */
    private static final Set<String> NOT_MAPPABLE = Set.of("sub", "identities");
    private static final int MAX_VALUE_LENGTH = 131072;

    private AttributeMappingRules() {}

    /**
     * Checks a mapping against the pool's schema and adds Cognito's default {@code username}
     * mapping for the provider type when the mapping has none.
     */
    static Map<String, String> check(Map<String, String> given, UserPool pool, ProviderType type) {
        Map<String, String> mapping = new LinkedHashMap<>();
        if (given != null) {
            for (Map.Entry<String, String> e : given.entrySet()) {
                String attribute = e.getKey();
                Validate.length(attribute, "attributeMapping.key", 1, 32);
                if (e.getValue() == null) {
                    throw Validate.violation("null", "attributeMapping." + attribute, "Member must not be null");
                }
                Validate.length(e.getValue(), "attributeMapping." + attribute, 1, MAX_VALUE_LENGTH);
                if (NOT_MAPPABLE.contains(attribute)) {
                    throw AwsException.invalidParameter("AttributeMapping cannot map " + attribute
                            + ": Cognito sets it for every federated user.");
                }
                if (!attribute.equals(USERNAME) && pool.attribute(attribute).isEmpty()) {
                    throw AwsException.invalidParameter("AttributeMapping key " + attribute
                            + " is not an attribute of user pool " + pool.id()
                            + " (use a standard attribute, a custom:<name> of its schema, or username).");
                }
                mapping.put(attribute, e.getValue());
            }
        }
        if (!mapping.containsKey(USERNAME)) {
            type.defaultUsernameClaim().ifPresent(claim -> mapping.put(USERNAME, claim));
        }
        return mapping;
    }
}
