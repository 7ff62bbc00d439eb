package dev.cognate.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pool's domains (the prefix domain and a custom domain), named by Domain; DescribeUserPool says which it has. */
final class Domains extends PoolPart {
    Domains(AdminCalls admin) {
        super(admin, "Domains", "domain", "Domain", "CreateUserPoolDomain", "UpdateUserPoolDomain",
                "DeleteUserPoolDomain");
    }

    @Override
    Map<String, ObjectNode> current(Pool pool) {
        Map<String, ObjectNode> domains = new LinkedHashMap<>();
        for (String member : List.of("Domain", "CustomDomain")) {
            String domain = Members.text(pool.description(), member);
            if (domain != null && !domain.isEmpty()) {
                JsonNode described = admin.call("DescribeUserPoolDomain",
                        request(pool).removeAll().put("Domain", domain)).get("DomainDescription");
                if (described instanceof ObjectNode d && d.has("Domain")) {
                    domains.put(domain, d);
                }
            }
        }
        return domains;
    }
}
