package dev.cognate.declarative;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** A pool's resource servers (custom scopes), named by Identifier. */
final class ResourceServers extends PoolPart {
    ResourceServers(AdminCalls admin) {
        super(admin, "ResourceServers", "resource server", "Identifier", "CreateResourceServer", "UpdateResourceServer",
                "DeleteResourceServer");
    }

    @Override
    Map<String, ObjectNode> current(Pool pool) {
        return listAll("ListResourceServers", request(pool).put("MaxResults", 50), "ResourceServers", "NextToken",
                "Identifier");
    }
}
