package dev.cognate.declarative;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** A pool's groups, named by GroupName. */
final class Groups extends PoolPart {
    Groups(AdminCalls admin) {
        super(admin, "Groups", "group", "GroupName", "CreateGroup", "UpdateGroup", "DeleteGroup");
    }

    @Override
    Map<String, ObjectNode> current(Pool pool) {
        return listAll("ListGroups", request(pool).put("Limit", 60), "Groups", "NextToken", "GroupName");
    }
}
