package dev.cognate.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.admin.AwsJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pool's users, named by Username: AdminCreateUser's members (MessageAction defaults to SUPPRESS
 * here: applying a file sends no invitations unless it asks), plus
 * {@code Password} (set permanent, at creation only: a password is never compared),
 * {@code Enabled} and {@code Groups} (the groups the user is in, exactly). Users who came from an
 * upstream IdP are neither exported nor pruned.
 */
final class Users extends PoolPart {
    private static final Set<String> EXTRAS = Set.of("Password", "Enabled", "Groups");

    Users(AdminCalls admin) {
        super(admin, "Users", "user", "Username", "AdminCreateUser", null, "AdminDeleteUser");
    }

    @Override
    Set<String> extraMembers() {
        return EXTRAS;
    }

    @Override
    Map<String, ObjectNode> current(Pool pool) {
        Map<String, ObjectNode> users = new LinkedHashMap<>();
        listAll("ListUsers", request(pool).put("Limit", 60), "Users", "PaginationToken", "Username")
                .forEach((name, listed) -> {
                    ObjectNode user = AwsJson.MAPPER.createObjectNode();
                    user.put("Username", name);
                    ArrayNode attributes = user.putArray("UserAttributes");
                    for (JsonNode attribute : Members.array(listed.get("Attributes"))) {
                        if (!"sub".equals(attribute.path("Name").asText())) {
                            attributes.add(attribute);
                        }
                    }
                    user.put("Enabled", listed.path("Enabled").asBoolean(true));
                    user.set("UserStatus", listed.get("UserStatus"));
                    users.put(name, user);
                });
        return users;
    }

    @Override
    List<String> differences(Pool pool, ObjectNode current, ObjectNode wanted) {
        List<String> members = new ArrayList<>();
        if (!changedAttributes(current, wanted).isEmpty()) {
            members.add("UserAttributes");
        }
        if (wanted.has("Enabled") && wanted.get("Enabled").asBoolean() != current.path("Enabled").asBoolean(true)) {
            members.add("Enabled");
        }
        if (wanted.has("Groups") && !Members.satisfies(groupsOf(pool, current.path("Username").asText()),
                wanted.get("Groups"))) {
            members.add("Groups");
        }
        return members;
    }

    @Override
    String create(Pool pool, ObjectNode wanted) {
        ObjectNode request = wanted.deepCopy();
        request.remove(EXTRAS);
        request.put("UserPoolId", pool.id());
        if (!request.has("MessageAction")) {
            request.put("MessageAction", "SUPPRESS");
        }
        admin.call("AdminCreateUser", request);
        String username = wanted.path("Username").asText();
        if (wanted.hasNonNull("Password")) {
            admin.call("AdminSetUserPassword", user(pool, username).put("Password", wanted.get("Password").asText())
                    .put("Permanent", true));
        }
        if (wanted.has("Enabled") && !wanted.get("Enabled").asBoolean()) {
            admin.call("AdminDisableUser", user(pool, username));
        }
        for (JsonNode group : Members.array(wanted.get("Groups"))) {
            admin.call("AdminAddUserToGroup", user(pool, username).put("GroupName", group.asText()));
        }
        return null;
    }

    @Override
    void update(Pool pool, ObjectNode current, ObjectNode wanted) {
        String username = current.path("Username").asText();
        ArrayNode changed = changedAttributes(current, wanted);
        if (!changed.isEmpty()) {
            ObjectNode request = user(pool, username);
            request.set("UserAttributes", changed);
            admin.call("AdminUpdateUserAttributes", request);
        }
        if (wanted.has("Enabled") && wanted.get("Enabled").asBoolean() != current.path("Enabled").asBoolean(true)) {
            admin.call(wanted.get("Enabled").asBoolean() ? "AdminEnableUser" : "AdminDisableUser", user(pool, username));
        }
        if (wanted.has("Groups")) {
            Set<String> now = texts(groupsOf(pool, username));
            Set<String> want = texts(wanted.get("Groups"));
            for (String group : want) {
                if (!now.contains(group)) {
                    admin.call("AdminAddUserToGroup", user(pool, username).put("GroupName", group));
                }
            }
            for (String group : now) {
                if (!want.contains(group)) {
                    admin.call("AdminRemoveUserFromGroup", user(pool, username).put("GroupName", group));
                }
            }
        }
    }

    @Override
    boolean prunable(ObjectNode current) {
        return !"EXTERNAL_PROVIDER".equals(current.path("UserStatus").asText());
    }

    @Override
    ObjectNode exported(Pool pool, ObjectNode current) {
        ObjectNode out = AwsJson.MAPPER.createObjectNode();
        out.set("Username", current.get("Username"));
        out.set("UserAttributes", current.get("UserAttributes"));
        if (!current.path("Enabled").asBoolean(true)) {
            out.put("Enabled", false);
        }
        ArrayNode groups = groupsOf(pool, current.path("Username").asText());
        if (!groups.isEmpty()) {
            out.set("Groups", groups);
        }
        return out;
    }

    boolean exportable(ObjectNode current) {
        return prunable(current);
    }

    /** The attributes the file gives that the user does not have with that value. */
    private static ArrayNode changedAttributes(ObjectNode current, ObjectNode wanted) {
        Map<String, String> now = new LinkedHashMap<>();
        for (JsonNode attribute : Members.array(current.get("UserAttributes"))) {
            now.put(attribute.path("Name").asText(), attribute.path("Value").asText());
        }
        ArrayNode changed = AwsJson.MAPPER.createArrayNode();
        for (JsonNode attribute : Members.array(wanted.get("UserAttributes"))) {
            if (!attribute.path("Value").asText().equals(now.get(attribute.path("Name").asText()))) {
                changed.add(attribute);
            }
        }
        return changed;
    }

    private ArrayNode groupsOf(Pool pool, String username) {
        ArrayNode names = AwsJson.MAPPER.createArrayNode();
        ObjectNode request = user(pool, username).put("Limit", 60);
        while (true) {
            ObjectNode answer = admin.call("AdminListGroupsForUser", request);
            Members.array(answer.get("Groups")).forEach(g -> names.add(g.path("GroupName").asText()));
            String next = Members.text(answer, "NextToken");
            if (next == null || next.isEmpty()) {
                return names;
            }
            request.put("NextToken", next);
        }
    }

    private ObjectNode user(Pool pool, String username) {
        return request(pool).put("Username", username);
    }

    private static Set<String> texts(JsonNode list) {
        Set<String> out = new LinkedHashSet<>();
        Members.array(list).forEach(n -> out.add(n.asText()));
        return out;
    }
}
