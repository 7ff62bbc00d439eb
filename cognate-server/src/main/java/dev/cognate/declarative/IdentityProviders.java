package dev.cognate.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A pool's identity providers, named by ProviderName. Their secrets (client_secret, private_key)
 * are never exported; a file that leaves one out keeps the current one, so an exported file
 * applies without them.
 */
final class IdentityProviders extends PoolPart {
    static final Set<String> SECRET_DETAILS = Set.of("client_secret", "private_key");

    IdentityProviders(AdminCalls admin) {
        super(admin, "IdentityProviders", "identity provider", "ProviderName", "CreateIdentityProvider",
                "UpdateIdentityProvider", "DeleteIdentityProvider");
    }

    @Override
    Map<String, ObjectNode> current(Pool pool) {
        Map<String, ObjectNode> providers = new LinkedHashMap<>();
        for (String name : listAll("ListIdentityProviders", request(pool).put("MaxResults", 60), "Providers",
                "NextToken", "ProviderName").keySet()) {
            ObjectNode described = admin.call("DescribeIdentityProvider", request(pool).put("ProviderName", name));
            providers.put(name, (ObjectNode) described.get("IdentityProvider"));
        }
        return providers;
    }

    @Override
    ObjectNode exported(Pool pool, ObjectNode current) {
        ObjectNode out = super.exported(pool, current);
        JsonNode details = out.get("ProviderDetails");
        if (details instanceof ObjectNode d) {
            d.remove(SECRET_DETAILS);
        }
        return out;
    }
}
