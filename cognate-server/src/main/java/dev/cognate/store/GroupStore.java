package dev.cognate.store;

import dev.cognate.users.Group;
import java.util.List;
import java.util.Optional;

/** Groups of a pool and their members. Deleting a group or a user deletes its memberships. */
public interface GroupStore {
    /** @throws DuplicateKeyException when the pool has a group of this name */
    void insert(Group group);

    Optional<Group> find(String poolId, String name);

    /**
     * UpdateGroup: sets the members given (null: keep what is stored) in one statement, so two
     * updates of different members, on one node or several, both land (no lost update).
     *
     * @return the group as now stored, or empty when it does not exist
     */
    Optional<Group> update(String poolId, String name, String description, String roleArn, Integer precedence,
                           java.time.Instant modified);

    /** @return false when the group does not exist */
    boolean delete(String poolId, String name);

    /** Groups ordered by name, starting after {@code after} (null for the first page). */
    Page<Group> list(String poolId, String after, int limit);

    /** Adds the user (by stored username) to the group; adding a member again changes nothing. */
    void addMember(String poolId, String groupName, String username);

    /** @return false when the user was not a member */
    boolean removeMember(String poolId, String groupName, String username);

    /** The user's groups ordered by name, starting after the group name {@code after}. */
    Page<Group> groupsOf(String poolId, String username, String after, int limit);

    /** Every group name of the user, by precedence then name (for {@code cognito:groups}). */
    List<String> groupNamesOf(String poolId, String username);

    /** Usernames of the group's members in username order, starting after {@code after}. */
    Page<String> membersOf(String poolId, String groupName, String after, int limit);
}
