package dev.cognate.store.jdbc;

import dev.cognate.store.GroupStore;
import dev.cognate.store.Page;
import dev.cognate.users.Group;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcGroupStore implements GroupStore {
    private static final String COLUMNS = "g.pool_id, g.name, g.description, g.role_arn, g.precedence, g.created_at, g.modified_at";

    private final Jdbi jdbi;

    public JdbcGroupStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Group group) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO user_groups (pool_id, name, description, "
                        + "role_arn, precedence, created_at, modified_at) VALUES (:pool, :name, :description, :roleArn, "
                        + ":precedence, :created, :modified)")
                .bind("pool", group.poolId())
                .bind("name", group.name())
                .bind("description", group.description())
                .bind("roleArn", group.roleArn())
                .bind("precedence", group.precedence())
                .bind("created", group.creationDate().toEpochMilli())
                .bind("modified", group.lastModifiedDate().toEpochMilli())
                .execute()));
    }

    @Override
    public Optional<Group> find(String poolId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM user_groups g "
                        + "WHERE g.pool_id = :pool AND g.name = :name")
                .bind("pool", poolId)
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    @Override
    public Optional<Group> update(String poolId, String name, String description, String roleArn, Integer precedence,
                                  Instant modified) {
        return jdbi.inTransaction(h -> {
            StringBuilder set = new StringBuilder("modified_at = :modified");
            if (description != null) {
                set.append(", description = :description");
            }
            if (roleArn != null) {
                set.append(", role_arn = :roleArn");
            }
            if (precedence != null) {
                set.append(", precedence = :precedence");
            }
            var update = h.createUpdate("UPDATE user_groups SET " + set + " WHERE pool_id = :pool AND name = :name")
                    .bind("pool", poolId)
                    .bind("name", name)
                    .bind("modified", modified.toEpochMilli());
            if (description != null) {
                update.bind("description", description);
            }
            if (roleArn != null) {
                update.bind("roleArn", roleArn);
            }
            if (precedence != null) {
                update.bind("precedence", precedence);
            }
            if (update.execute() == 0) {
                return Optional.<Group>empty();
            }
            return find(poolId, name);
        });
    }

    @Override
    public boolean delete(String poolId, String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM user_groups WHERE pool_id = :pool AND name = :name")
                .bind("pool", poolId)
                .bind("name", name)
                .execute()) == 1;
    }

    @Override
    public Page<Group> list(String poolId, String after, int limit) {
        List<Group> rows = jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM user_groups g "
                        + "WHERE g.pool_id = :pool AND g.name > :after ORDER BY g.name LIMIT :limit")
                .bind("pool", poolId)
                .bind("after", after == null ? "" : after)
                .bind("limit", limit + 1)
                .map((rs, ctx) -> map(rs))
                .list());
        return Pages.of(rows, limit, Group::name);
    }

    @Override
    public void addMember(String poolId, String groupName, String username) {
        // A member added again is no error, and no exception either (both dialects know ON CONFLICT).
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO group_members (pool_id, group_name, username) "
                        + "VALUES (:pool, :group, :username) ON CONFLICT DO NOTHING")
                .bind("pool", poolId)
                .bind("group", groupName)
                .bind("username", username)
                .execute());
    }

    @Override
    public boolean removeMember(String poolId, String groupName, String username) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM group_members "
                        + "WHERE pool_id = :pool AND group_name = :group AND username = :username")
                .bind("pool", poolId)
                .bind("group", groupName)
                .bind("username", username)
                .execute()) == 1;
    }

    @Override
    public Page<Group> groupsOf(String poolId, String username, String after, int limit) {
        List<Group> rows = jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM user_groups g "
                        + "JOIN group_members m ON m.pool_id = g.pool_id AND m.group_name = g.name "
                        + "WHERE g.pool_id = :pool AND m.username = :username AND g.name > :after "
                        + "ORDER BY g.name LIMIT :limit")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("after", after == null ? "" : after)
                .bind("limit", limit + 1)
                .map((rs, ctx) -> map(rs))
                .list());
        return Pages.of(rows, limit, Group::name);
    }

    @Override
    public List<String> groupNamesOf(String poolId, String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT g.name FROM user_groups g "
                        + "JOIN group_members m ON m.pool_id = g.pool_id AND m.group_name = g.name "
                        + "WHERE g.pool_id = :pool AND m.username = :username "
                        + "ORDER BY CASE WHEN g.precedence IS NULL THEN 1 ELSE 0 END, g.precedence, g.name")
                .bind("pool", poolId)
                .bind("username", username)
                .mapTo(String.class)
                .list());
    }

    @Override
    public Page<String> membersOf(String poolId, String groupName, String after, int limit) {
        List<String> rows = jdbi.withHandle(h -> h.createQuery("SELECT username FROM group_members "
                        + "WHERE pool_id = :pool AND group_name = :group AND username > :after "
                        + "ORDER BY username LIMIT :limit")
                .bind("pool", poolId)
                .bind("group", groupName)
                .bind("after", after == null ? "" : after)
                .bind("limit", limit + 1)
                .mapTo(String.class)
                .list());
        return Pages.of(rows, limit, username -> username);
    }

    private static Group map(ResultSet rs) throws SQLException {
        int precedence = rs.getInt("precedence");
        Integer maybePrecedence = rs.wasNull() ? null : precedence;
        return new Group(rs.getString("pool_id"), rs.getString("name"), rs.getString("description"),
                rs.getString("role_arn"), maybePrecedence, Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("modified_at")));
    }
}
