package dev.cognate.declarative;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pool's app clients, named by ClientName (client ids are random: the output of apply says the
 * id of each client it creates). The secret is never exported; GenerateSecret says there is one.
 */
final class AppClients extends PoolPart {
    AppClients(AdminCalls admin) {
        super(admin, "UserPoolClients", "app client", "ClientName", "CreateUserPoolClient", "UpdateUserPoolClient",
                "DeleteUserPoolClient");
    }

    @Override
    Map<String, ObjectNode> current(Pool pool) {
        Map<String, ObjectNode> clients = new LinkedHashMap<>();
        listAll("ListUserPoolClients", request(pool).put("MaxResults", 60), "UserPoolClients", "NextToken", "ClientName")
                .forEach((name, summary) -> clients.put(name, (ObjectNode) admin.call("DescribeUserPoolClient",
                        request(pool).put("ClientId", summary.path("ClientId").asText())).get("UserPoolClient")));
        return clients;
    }

    @Override
    List<String> identityMembers() {
        return List.of("ClientId", "ClientName");
    }

    @Override
    String create(Pool pool, ObjectNode wanted) {
        ObjectNode request = wanted.deepCopy();
        request.put("UserPoolId", pool.id());
        return "ClientId " + admin.call("CreateUserPoolClient", request).path("UserPoolClient").path("ClientId").asText();
    }

    @Override
    ObjectNode exported(Pool pool, ObjectNode current) {
        ObjectNode out = super.exported(pool, current);
        out.remove("ClientSecret");
        if (current.hasNonNull("ClientSecret")) {
            out.put("GenerateSecret", true);
        }
        return out;
    }
}
