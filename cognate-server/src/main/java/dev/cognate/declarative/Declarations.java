package dev.cognate.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.admin.AwsJson;
import dev.cognate.pools.StandardSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Declarative configuration (docs/OPERATIONS.md): a list of user pools, each CreateUserPool's
 * members plus the lists of what is in it, applied through the admin API's own operations. A pool
 * is named by PoolName, everything in it by its name member. Applying creates what is missing,
 * updates what differs from the file (what the file leaves out keeps its value) and, with prune,
 * deletes what the file does not name: pools, and in a pool the kinds whose list the file gives.
 */
public final class Declarations {
    static final String POOLS = "UserPools";

    private final AdminCalls admin;
    private final List<PoolPart> parts;

    public Declarations(AdminCalls admin) {
        this.admin = admin;
        // in the order they are created: scopes and IdPs before the clients that name them, groups before users
        this.parts = List.of(new ResourceServers(admin), new IdentityProviders(admin), new Groups(admin),
                new Domains(admin), new AppClients(admin), new Users(admin));
    }

    public record Options(boolean dryRun, boolean prune) {}

    /**
     * Makes the store say what {@code declaration} says; each change is reported to {@code report}
     * as it is made. Stops at the first operation that fails (an {@code AwsException}); what was
     * changed before it stays changed.
     */
    public List<Change> apply(ObjectNode declaration, Options options, Consumer<Change> report) {
        validate(declaration);
        List<Change> changes = new ArrayList<>();
        Consumer<Change> record = change -> {
            changes.add(change);
            report.accept(change);
        };
        Map<String, String> existing = poolIds();
        Set<String> declared = new HashSet<>();
        for (JsonNode entry : Members.array(declaration.get(POOLS))) {
            ObjectNode wanted = (ObjectNode) entry;
            String name = wanted.get("PoolName").asText();
            declared.add(name);
            Pool pool = step("apply user pool " + name, () -> reconcilePool(wanted, existing.get(name), options, record));
            for (PoolPart part : parts) {
                if (wanted.get(part.listMember()) instanceof ArrayNode list) {
                    reconcile(pool, part, list, options, record);
                }
            }
        }
        if (options.prune()) {
            for (Map.Entry<String, String> pool : existing.entrySet()) {
                if (!declared.contains(pool.getKey())) {
                    if (!options.dryRun()) {
                        step("delete user pool " + pool.getKey(), () -> admin.call("DeleteUserPool", idOf(pool.getValue())));
                    }
                    record.accept(Change.of(Change.Action.DELETE, "user pool", pool.getKey()));
                }
            }
        }
        return changes;
    }

    /** Everything in the store as a declaration (no secret in it): what {@link #apply} takes. */
    public ObjectNode export() {
        ObjectNode declaration = AwsJson.MAPPER.createObjectNode();
        ArrayNode pools = declaration.putArray(POOLS);
        Set<String> createMembers = admin.members("CreateUserPool");
        for (Map.Entry<String, String> entry : poolIds().entrySet()) {
            ObjectNode description = describe(entry.getValue());
            Pool pool = new Pool(entry.getKey(), entry.getValue(), description);
            ObjectNode out = pools.addObject();
            out.put("PoolName", entry.getKey());
            out.setAll(Members.only(description, createMembers));
            ArrayNode schema = AwsJson.MAPPER.createArrayNode();
            for (JsonNode attribute : Members.array(description.get("SchemaAttributes"))) {
                ObjectNode exported = exportedAttribute((ObjectNode) attribute);
                if (exported != null) {
                    schema.add(exported);
                }
            }
            out.remove("Schema");
            if (!schema.isEmpty()) {
                out.set("Schema", schema);
            }
            for (PoolPart part : parts) {
                ArrayNode list = out.putArray(part.listMember());
                for (ObjectNode current : part.current(pool).values()) {
                    if (!(part instanceof Users users) || users.exportable(current)) {
                        list.add(part.exported(pool, current));
                    }
                }
            }
        }
        return declaration;
    }

    private Pool reconcilePool(ObjectNode wanted, String id, Options options, Consumer<Change> record) {
        String name = wanted.get("PoolName").asText();
        if (id == null) {
            ObjectNode request = Members.only(wanted, admin.members("CreateUserPool"));
            if (options.dryRun()) {
                record.accept(Change.of(Change.Action.CREATE, "user pool", name));
                return new Pool(name, null, AwsJson.MAPPER.createObjectNode());
            }
            String newId = admin.call("CreateUserPool", request).path("UserPool").path("Id").asText();
            record.accept(new Change(Change.Action.CREATE, "user pool", name, List.of(), "Id " + newId));
            return new Pool(name, newId, describe(newId));
        }
        ObjectNode description = describe(id);
        ObjectNode current = description.deepCopy();
        current.put("PoolName", name);
        Set<String> updatable = new HashSet<>(admin.members("UpdateUserPool"));
        updatable.remove("UserPoolId");
        List<String> differing = new ArrayList<>(Members.differing(current, Members.only(wanted, updatable)));
        ArrayNode newAttributes = newCustomAttributes(description, wanted.get("Schema"));
        if (!newAttributes.isEmpty()) {
            differing.add("Schema");
        }
        if (differing.isEmpty()) {
            record.accept(Change.of(Change.Action.UNCHANGED, "user pool", name));
            return new Pool(name, id, description);
        }
        if (!options.dryRun()) {
            if (differing.size() > (newAttributes.isEmpty() ? 0 : 1)) {
                ObjectNode request = Members.merged(Members.only(current, updatable), Members.only(wanted, updatable));
                request.put("UserPoolId", id);
                admin.call("UpdateUserPool", request);
            }
            if (!newAttributes.isEmpty()) {
                ObjectNode request = idOf(id);
                request.set("CustomAttributes", newAttributes);
                admin.call("AddCustomAttributes", request);
            }
            description = describe(id);
        }
        record.accept(new Change(Change.Action.UPDATE, "user pool", name, differing, null));
        return new Pool(name, id, description);
    }

    private void reconcile(Pool pool, PoolPart part, ArrayNode wantedList, Options options, Consumer<Change> record) {
        Map<String, ObjectNode> current = pool.exists()
                ? step("read the " + part.kind() + "s of user pool " + pool.name(), () -> part.current(pool)) : Map.of();
        Set<String> named = new HashSet<>();
        for (JsonNode entry : wantedList) {
            ObjectNode wanted = (ObjectNode) entry;
            String name = wanted.get(part.nameMember()).asText();
            named.add(name);
            String label = pool.name() + "/" + name;
            ObjectNode existing = current.get(name);
            if (existing == null) {
                String note = options.dryRun() ? null
                        : step("create " + part.kind() + " " + label, () -> part.create(pool, wanted));
                record.accept(new Change(Change.Action.CREATE, part.kind(), label, List.of(), note));
                continue;
            }
            List<String> differing = step("read " + part.kind() + " " + label,
                    () -> part.differences(pool, existing, wanted));
            if (differing.isEmpty()) {
                record.accept(Change.of(Change.Action.UNCHANGED, part.kind(), label));
                continue;
            }
            if (!options.dryRun()) {
                step("update " + part.kind() + " " + label, () -> {
                    part.update(pool, existing, wanted);
                    return null;
                });
            }
            record.accept(new Change(Change.Action.UPDATE, part.kind(), label, differing, null));
        }
        if (options.prune()) {
            for (Map.Entry<String, ObjectNode> existing : current.entrySet()) {
                if (!named.contains(existing.getKey()) && part.prunable(existing.getValue())) {
                    if (!options.dryRun()) {
                        step("delete " + part.kind() + " " + pool.name() + "/" + existing.getKey(), () -> {
                            part.delete(pool, existing.getValue());
                            return null;
                        });
                    }
                    record.accept(Change.of(Change.Action.DELETE, part.kind(), pool.name() + "/" + existing.getKey()));
                }
            }
        }
    }

    /** The file's custom attributes that the pool lacks (the only change Cognito allows to a schema). */
    private static ArrayNode newCustomAttributes(ObjectNode description, JsonNode wantedSchema) {
        Set<String> have = new HashSet<>();
        Members.array(description.get("SchemaAttributes")).forEach(a -> have.add(a.path("Name").asText()));
        ArrayNode added = AwsJson.MAPPER.createArrayNode();
        for (JsonNode attribute : Members.array(wantedSchema)) {
            String name = attribute.path("Name").asText();
            String bare = name.startsWith("custom:") ? name.substring("custom:".length()) : name;
            if (!StandardSchema.isStandard(name) && !have.contains("custom:" + bare)) {
                ObjectNode copy = attribute.deepCopy();
                copy.put("Name", bare);
                added.add(copy);
            }
        }
        return added;
    }

    /** A schema attribute as CreateUserPool takes it, or null for a standard one left as the standard says. */
    private static ObjectNode exportedAttribute(ObjectNode attribute) {
        String name = attribute.path("Name").asText();
        if (StandardSchema.isStandard(name)) {
            JsonNode standard = AwsJson.MAPPER.valueToTree(StandardSchema.standard(name));
            return Members.satisfies(standard, attribute) ? null : attribute;
        }
        ObjectNode custom = attribute.deepCopy();
        custom.put("Name", name.startsWith("custom:") ? name.substring("custom:".length()) : name);
        return custom;
    }

    private void validate(ObjectNode declaration) {
        for (String member : iterable(declaration.fieldNames())) {
            if (!member.equals(POOLS)) {
                throw new DeclarationException("unknown member " + member + " (a declaration holds " + POOLS + ")");
            }
        }
        if (!(declaration.get(POOLS) instanceof ArrayNode pools)) {
            throw new DeclarationException(POOLS + " must be a list of user pools");
        }
        Set<String> poolMembers = new HashSet<>(admin.members("CreateUserPool"));
        parts.forEach(p -> poolMembers.add(p.listMember()));
        Set<String> poolNames = new HashSet<>();
        for (JsonNode pool : pools) {
            String poolName = requireName(pool, "PoolName", "a user pool", poolNames);
            checkMembers((ObjectNode) pool, poolMembers, "user pool " + poolName);
            for (PoolPart part : parts) {
                JsonNode list = pool.get(part.listMember());
                if (list == null) {
                    continue;
                }
                if (!list.isArray()) {
                    throw new DeclarationException(part.listMember() + " of user pool " + poolName + " must be a list");
                }
                Set<String> allowed = part.fileMembers();
                Set<String> names = new HashSet<>();
                for (JsonNode item : list) {
                    String name = requireName(item, part.nameMember(), "a " + part.kind() + " of user pool " + poolName,
                            names);
                    checkMembers((ObjectNode) item, allowed, part.kind() + " " + poolName + "/" + name);
                }
            }
        }
    }

    private static String requireName(JsonNode item, String member, String what, Set<String> seen) {
        if (!item.isObject()) {
            throw new DeclarationException(what + " must be an object with " + member);
        }
        JsonNode name = item.get(member);
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new DeclarationException(what + " has no " + member);
        }
        if (!seen.add(name.asText())) {
            throw new DeclarationException(what.replaceFirst("^a ", "") + " is named " + name.asText() + " twice");
        }
        return name.asText();
    }

    private static void checkMembers(ObjectNode item, Set<String> allowed, String what) {
        for (String member : iterable(item.fieldNames())) {
            if (!allowed.contains(member)) {
                throw new DeclarationException(what + ": unknown member " + member);
            }
        }
    }

    private Map<String, String> poolIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ObjectNode request = AwsJson.MAPPER.createObjectNode().put("MaxResults", 60);
        while (true) {
            ObjectNode answer = admin.call("ListUserPools", request);
            for (JsonNode pool : Members.array(answer.get("UserPools"))) {
                String name = pool.path("Name").asText();
                if (ids.putIfAbsent(name, pool.path("Id").asText()) != null) {
                    throw new DeclarationException("two user pools are named " + name
                            + ": a declaration names pools by PoolName, so rename one first");
                }
            }
            String next = Members.text(answer, "NextToken");
            if (next == null || next.isEmpty()) {
                return ids;
            }
            request.put("NextToken", next);
        }
    }

    private static <T> T step(String what, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (dev.cognate.admin.AwsException e) {
            throw new ApplyFailure(what, e);
        }
    }

    private ObjectNode describe(String id) {
        return (ObjectNode) admin.call("DescribeUserPool", idOf(id)).get("UserPool");
    }

    private static ObjectNode idOf(String id) {
        return AwsJson.MAPPER.createObjectNode().put("UserPoolId", id);
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }
}
