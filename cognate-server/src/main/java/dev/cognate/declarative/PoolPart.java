package dev.cognate.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.admin.AwsJson;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kind of resource inside a pool (its app clients, say) as a declaration lists it: the list's
 * member, the member that names each one, and the admin operations that read, create, update and
 * delete them. A resource is the members of its Create request; on an existing one, the members
 * its Update request takes are compared and, when they differ, updated with the current values
 * of the members the file leaves out.
 */
abstract class PoolPart {
    final AdminCalls admin;
    private final String listMember;
    private final String kind;
    private final String nameMember;
    private final String createOperation;
    private final String updateOperation;
    private final String deleteOperation;

    PoolPart(AdminCalls admin, String listMember, String kind, String nameMember, String createOperation,
             String updateOperation, String deleteOperation) {
        this.admin = admin;
        this.listMember = listMember;
        this.kind = kind;
        this.nameMember = nameMember;
        this.createOperation = createOperation;
        this.updateOperation = updateOperation;
        this.deleteOperation = deleteOperation;
    }

    String listMember() {
        return listMember;
    }

    String kind() {
        return kind;
    }

    String nameMember() {
        return nameMember;
    }

    /** The members a declaration may give this kind. */
    Set<String> fileMembers() {
        Set<String> members = new HashSet<>(admin.members(createOperation));
        members.remove("UserPoolId");
        members.addAll(extraMembers());
        return members;
    }

    /** Members of the file beyond the Create request's (a user's Groups, say). */
    Set<String> extraMembers() {
        return Set.of();
    }

    /** The pool's resources of this kind by name, each in the shape its Describe answers. */
    abstract Map<String, ObjectNode> current(Pool pool);

    /** The members an Update may change, without those that identify the resource. */
    Set<String> updatable() {
        Set<String> members = new HashSet<>(admin.members(updateOperation));
        members.removeAll(identityMembers());
        members.remove("UserPoolId");
        members.remove(nameMember);
        return members;
    }

    List<String> differences(Pool pool, ObjectNode current, ObjectNode wanted) {
        return Members.differing(current, Members.only(wanted, updatable()));
    }

    /** Creates it; answers a note for the operator (a new client's id, say) or null. */
    String create(Pool pool, ObjectNode wanted) {
        ObjectNode request = wanted.deepCopy();
        request.remove(extraMembers());
        request.put("UserPoolId", pool.id());
        admin.call(createOperation, request);
        return null;
    }

    void update(Pool pool, ObjectNode current, ObjectNode wanted) {
        Set<String> updatable = updatable();
        ObjectNode request = Members.merged(Members.only(current, updatable), Members.only(wanted, updatable));
        request.setAll(identity(pool, current));
        admin.call(updateOperation, request);
    }

    void delete(Pool pool, ObjectNode current) {
        admin.call(deleteOperation, identity(pool, current));
    }

    /** Whether --prune may delete it (not a user who came from an upstream IdP, say). */
    boolean prunable(ObjectNode current) {
        return true;
    }

    /** The members besides UserPoolId that name the resource in its Update and Delete requests. */
    List<String> identityMembers() {
        return List.of(nameMember);
    }

    ObjectNode identity(Pool pool, ObjectNode current) {
        ObjectNode id = AwsJson.MAPPER.createObjectNode();
        id.put("UserPoolId", pool.id());
        identityMembers().forEach(member -> id.set(member, current.get(member)));
        return id;
    }

    /** The resource as a declaration writes it: its Create request's members, no secret. */
    ObjectNode exported(Pool pool, ObjectNode current) {
        Set<String> members = fileMembers();
        ObjectNode out = AwsJson.MAPPER.createObjectNode();
        out.set(nameMember, current.get(nameMember));
        out.setAll(Members.only(current, members));
        return out;
    }

    /** Every page of a List operation's items, by the name member. */
    Map<String, ObjectNode> listAll(String operation, ObjectNode request, String itemsMember, String tokenMember,
                                    String nameOfItem) {
        Map<String, ObjectNode> items = new LinkedHashMap<>();
        ObjectNode page = request.deepCopy();
        while (true) {
            ObjectNode answer = admin.call(operation, page);
            for (JsonNode item : Members.array(answer.get(itemsMember))) {
                String name = item.path(nameOfItem).asText();
                if (items.putIfAbsent(name, (ObjectNode) item) != null) {
                    throw new DeclarationException("pool has two " + kind + "s named " + name + ": a declaration names "
                            + kind + "s, so rename one first");
                }
            }
            String next = Members.text(answer, tokenMember);
            if (next == null || next.isEmpty()) {
                return items;
            }
            page.put(tokenMember, next);
        }
    }

    ObjectNode request(Pool pool) {
        ObjectNode request = AwsJson.MAPPER.createObjectNode();
        request.put("UserPoolId", pool.id());
        return request;
    }
}
