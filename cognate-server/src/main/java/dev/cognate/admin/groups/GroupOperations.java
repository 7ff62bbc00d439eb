package dev.cognate.admin.groups;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.admin.users.UserOperations;
import dev.cognate.admin.users.UserType;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.GroupStore;
import dev.cognate.store.Page;
import dev.cognate.store.UserStore;
import dev.cognate.users.Group;
import dev.cognate.users.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AdminAddUserToGroup,
 * AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup.
 */
public final class GroupOperations implements OperationFamily {
    private static final Pattern GROUP_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final Pattern ARN = Pattern.compile(
            "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?");
    private static final Pattern TOKEN = Pattern.compile("[\\S]+");

    private final UserPoolOperations pools;
    private final UserOperations userOperations;
    private final GroupStore groups;
    private final UserStore users;
    private final Clock clock;

    public GroupOperations(UserPoolOperations pools, UserOperations userOperations, GroupStore groups,
                           UserStore users, Clock clock) {
        this.pools = pools;
        this.userOperations = userOperations;
        this.groups = groups;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("CreateGroup", GroupRequest.class, this::create);
        registry.signed("GetGroup", GroupNameRequest.class, this::get);
        registry.signed("UpdateGroup", GroupRequest.class, this::update);
        registry.signed("DeleteGroup", GroupNameRequest.class, this::delete);
        registry.signed("ListGroups", ListGroupsRequest.class, this::list);
        registry.signed("AdminAddUserToGroup", MembershipRequest.class, this::addUser);
        registry.signed("AdminRemoveUserFromGroup", MembershipRequest.class, this::removeUser);
        registry.signed("AdminListGroupsForUser", AdminListGroupsForUserRequest.class, this::groupsForUser);
        registry.signed("ListUsersInGroup", ListUsersInGroupRequest.class, this::usersInGroup);
    }

    /** CreateGroup and UpdateGroup. */
    public record GroupRequest(String groupName, String userPoolId, String description, String roleArn, Integer precedence) {}

    public record GroupNameRequest(String groupName, String userPoolId) {}

    public record ListGroupsRequest(String userPoolId, Integer limit, String nextToken) {}

    public record MembershipRequest(String userPoolId, String username, String groupName) {}

    public record AdminListGroupsForUserRequest(String username, String userPoolId, Integer limit, String nextToken) {}

    public record ListUsersInGroupRequest(String userPoolId, String groupName, Integer limit, String nextToken) {}

    /** AWS GroupType. */
    public record GroupType(String groupName, String userPoolId, String description, String roleArn,
                            Integer precedence, Instant lastModifiedDate, Instant creationDate) {
        static GroupType of(Group g) {
            return new GroupType(g.name(), g.poolId(), g.description(), g.roleArn(), g.precedence(),
                    g.lastModifiedDate(), g.creationDate());
        }
    }

    public record GroupResponse(GroupType group) {}

    public record GroupsResponse(List<GroupType> groups, String nextToken) {}

    public record UsersResponse(List<UserType> users, String nextToken) {}

    private Object create(GroupRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String name = groupName(r.groupName());
        checkSettings(r);
        Instant now = clock.instant();
        Group group = new Group(pool.id(), name, r.description(), r.roleArn(), r.precedence(), now, now);
        try {
            groups.insert(group);
        } catch (DuplicateKeyException e) {
            throw new AwsException("GroupExistsException", "A group with the name " + name + " already exists.");
        }
        return new GroupResponse(GroupType.of(group));
    }

    private Object get(GroupNameRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        return new GroupResponse(GroupType.of(existingGroup(pool, r.groupName())));
    }

    /**
     * Members left out of the request keep their values, as stored when it is written (not as
     * read before): UpdateGroup of the description and one of the precedence at once both land.
     */
    private Object update(GroupRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Group old = existingGroup(pool, r.groupName());
        checkSettings(r);
        Group updated = groups.update(pool.id(), old.name(), r.description(), r.roleArn(), r.precedence(), clock.instant())
                .orElseThrow(GroupOperations::groupNotFound);
        return new GroupResponse(GroupType.of(updated));
    }

    private Object delete(GroupNameRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Group group = existingGroup(pool, r.groupName());
        if (!groups.delete(pool.id(), group.name())) {
            throw groupNotFound();
        }
        return Empty.INSTANCE;
    }

    private Object list(ListGroupsRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        int limit = limit(r.limit());
        Page<Group> page = groups.list(pool.id(), after(r.nextToken()), limit);
        return groupsResponse(page);
    }

    private Object addUser(MembershipRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String username = UserOperations.username(r.username());
        Group group = existingGroup(pool, r.groupName());
        User user = userOperations.existingUser(pool, username);
        groups.addMember(pool.id(), group.name(), user.username());
        return Empty.INSTANCE;
    }

    private Object removeUser(MembershipRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String username = UserOperations.username(r.username());
        Group group = existingGroup(pool, r.groupName());
        User user = userOperations.existingUser(pool, username);
        groups.removeMember(pool.id(), group.name(), user.username());
        return Empty.INSTANCE;
    }

    private Object groupsForUser(AdminListGroupsForUserRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String username = UserOperations.username(r.username());
        int limit = limit(r.limit());
        String after = after(r.nextToken());
        User user = userOperations.existingUser(pool, username);
        return groupsResponse(groups.groupsOf(pool.id(), user.username(), after, limit));
    }

    private Object usersInGroup(ListUsersInGroupRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        int limit = limit(r.limit());
        String after = after(r.nextToken());
        Group group = existingGroup(pool, r.groupName());
        Page<String> members = groups.membersOf(pool.id(), group.name(), after, limit);
        List<UserType> found = users.findAll(pool.id(), members.items()).stream().map(UserType::of).toList();
        return new UsersResponse(found, PageTokens.encode(members.next()));
    }

    private Group existingGroup(UserPool pool, String name) {
        return groups.find(pool.id(), groupName(name)).orElseThrow(GroupOperations::groupNotFound);
    }

    private static String groupName(String name) {
        Validate.requiredString(name, "groupName", 1, 128);
        return Validate.pattern(name, "groupName", GROUP_NAME);
    }

    private static void checkSettings(GroupRequest r) {
        Validate.length(r.description(), "description", 0, 2048);
        Validate.length(r.roleArn(), "roleArn", 20, 2048);
        Validate.pattern(r.roleArn(), "roleArn", ARN);
        if (r.precedence() != null && r.precedence() < 0) {
            throw Validate.violation("'" + r.precedence() + "'", "precedence", "Member must have value greater than or equal to 0");
        }
    }

    /** AWS QueryLimitType (0..60); 0 or absent means the most, 60. */
    private static int limit(Integer limit) {
        Validate.range(limit, "limit", 0, 60);
        return limit == null || limit == 0 ? 60 : limit;
    }

    private static String after(String nextToken) {
        if (nextToken != null) {
            Validate.pattern(nextToken, "nextToken", TOKEN);
        }
        return PageTokens.decode(nextToken, "nextToken");
    }

    private static GroupsResponse groupsResponse(Page<Group> page) {
        return new GroupsResponse(page.items().stream().map(GroupType::of).toList(), PageTokens.encode(page.next()));
    }

    private static AwsException groupNotFound() {
        return AwsException.resourceNotFound("Group not found.");
    }
}
