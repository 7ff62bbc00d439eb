package dev.cognate.store.jdbc;

import dev.cognate.store.ConcurrentChangeException;
import dev.cognate.store.Page;
import dev.cognate.store.UserStore;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserFilter;
import dev.cognate.users.UserStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

public final class JdbcUserStore implements UserStore {
    private static final String COLUMNS = UserSearch.COLUMNS;

    private final Jdbi jdbi;
    private final BulkLoadStatistics bulkLoads = new BulkLoadStatistics();

    public JdbcUserStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A users row before its attributes are attached. */
    private record Row(String poolId, String username, String usernameKey, String sub, UserStatus status,
                       boolean enabled, String passwordHash, Instant createdAt, Instant modifiedAt,
                       Instant tokensRevokedBefore) {

        static Row map(ResultSet rs) throws SQLException {
            long revoked = rs.getLong("tokens_revoked_before");
            Instant revokedBefore = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
            return new Row(rs.getString("pool_id"), rs.getString("username"), rs.getString("username_key"),
                    rs.getString("sub"), UserStatus.valueOf(rs.getString("status")), rs.getInt("enabled") == 1,
                    rs.getString("password_hash"), Instant.ofEpochMilli(rs.getLong("created_at")),
                    Instant.ofEpochMilli(rs.getLong("modified_at")), revokedBefore);
        }

        User with(List<UserAttribute> attributes) {
            return new User(poolId, username, usernameKey, sub, attributes, enabled, status, passwordHash,
                    createdAt, modifiedAt, tokensRevokedBefore);
        }
    }

    private record AttributeRow(String username, String name, String value) {}

    @Override
    public void insert(User user, boolean smsMfaOn) {
        Sql.insert(() -> jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO users (pool_id, username, username_key, sub, status, enabled, password_hash, "
                            + "created_at, modified_at, tokens_revoked_before) VALUES (:pool, :username, :key, :sub, "
                            + ":status, :enabled, :hash, :created, :modified, :revoked)")
                    .bind("pool", user.poolId())
                    .bind("username", user.username())
                    .bind("key", user.usernameKey())
                    .bind("sub", user.sub())
                    .bind("status", user.status().name())
                    .bind("enabled", user.enabled() ? 1 : 0)
                    .bind("hash", user.passwordHash())
                    .bind("created", user.createdAt().toEpochMilli())
                    .bind("modified", user.lastModifiedAt().toEpochMilli())
                    .bind("revoked", millis(user.tokensRevokedBefore()))
                    .execute();
            insertAttributes(h, user);
            if (smsMfaOn) {
                insertSmsMfa(h.getConnection(), List.of(user));
            }
        }));
    }

    /** SMS MFA on, not preferred (the row SetUserMFAPreference writes; {@code JdbcMfaPreferenceStore} reads it). */
    private static void insertSmsMfa(Connection connection, List<User> users) {
        if (users.isEmpty()) {
            return;
        }
        try (PreparedStatement rows = connection.prepareStatement(
                "INSERT INTO user_sms_mfa (pool_id, username, enabled, preferred) VALUES (?, ?, 1, 0)")) {
            for (User user : users) {
                rows.setString(1, user.poolId());
                rows.setString(2, user.username());
                rows.addBatch();
            }
            rows.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("turning SMS MFA on for imported users failed", e);
        }
    }

    /**
     * Plain JDBC batches rather than JDBI's: a bulk load binds ten values a user and four or more
     * an attribute, and JDBI's per-binding work was half of an import's CPU (docs/BENCHMARKS.md).
     */
    @Override
    public void insertAll(List<User> users, java.util.Set<String> smsMfaOn) {
        if (users.isEmpty()) {
            return;
        }
        List<User> withSms = users.stream().filter(u -> smsMfaOn.contains(u.usernameKey())).toList();
        boolean postgresql = Sql.insert(() -> jdbi.inTransaction(h -> {
            Connection connection = h.getConnection();
            try {
                if (isPostgresql(connection)) {
                    insertAllAsArrays(connection, users);
                    insertSmsMfa(connection, withSms);
                    return true;
                }
                insertAllAsBatches(connection, users);
                insertSmsMfa(connection, withSms);
                return false;
            } catch (SQLException e) {
                throw new IllegalStateException("bulk insert of users failed", e);
            }
        }));
        if (postgresql && bulkLoads.loaded(users.size())) {
            // after the commit, so the statistics count these rows; a table autovacuum holds is left to it
            jdbi.useHandle(h -> h.execute("ANALYZE (SKIP_LOCKED) users, user_attributes"));
        }
    }

    private static boolean isPostgresql(Connection connection) {
        try {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the database", e);
        }
    }

    /**
     * PostgreSQL: each table's rows as one statement over arrays ({@code unnest}), parsed and
     * planned once a batch. Multi-row VALUES (the driver's rewrite of a JDBC batch) cost the
     * server more in parsing and planning 128-row statements than the rows' own index upkeep
     * (docs/BENCHMARKS.md). A taken name still fails the whole statement with 23505, as before.
     */
    private static void insertAllAsArrays(Connection connection, List<User> users) throws SQLException {
        int n = users.size();
        String[] pools = new String[n];
        String[] names = new String[n];
        String[] keys = new String[n];
        String[] subs = new String[n];
        String[] statuses = new String[n];
        Integer[] enabled = new Integer[n];
        String[] hashes = new String[n];
        Long[] created = new Long[n];
        Long[] modified = new Long[n];
        Long[] revoked = new Long[n];
        List<String> attributePools = new ArrayList<>(n * 4);
        List<String> attributeUsers = new ArrayList<>(n * 4);
        List<String> attributeNames = new ArrayList<>(n * 4);
        List<String> attributeValues = new ArrayList<>(n * 4);
        for (int i = 0; i < n; i++) {
            User user = users.get(i);
            pools[i] = user.poolId();
            names[i] = user.username();
            keys[i] = user.usernameKey();
            subs[i] = user.sub();
            statuses[i] = user.status().name();
            enabled[i] = user.enabled() ? 1 : 0;
            hashes[i] = user.passwordHash();
            created[i] = user.createdAt().toEpochMilli();
            modified[i] = user.lastModifiedAt().toEpochMilli();
            revoked[i] = millis(user.tokensRevokedBefore());
            for (UserAttribute a : user.attributes()) {
                attributePools.add(user.poolId());
                attributeUsers.add(user.username());
                attributeNames.add(a.name());
                attributeValues.add(a.value());
            }
        }
        try (PreparedStatement rows = connection.prepareStatement("INSERT INTO users (pool_id, username, username_key, "
                + "sub, status, enabled, password_hash, created_at, modified_at, tokens_revoked_before) "
                + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::int[], "
                + "?::text[], ?::bigint[], ?::bigint[], ?::bigint[])")) {
            rows.setArray(1, connection.createArrayOf("varchar", pools));
            rows.setArray(2, connection.createArrayOf("varchar", names));
            rows.setArray(3, connection.createArrayOf("varchar", keys));
            rows.setArray(4, connection.createArrayOf("varchar", subs));
            rows.setArray(5, connection.createArrayOf("varchar", statuses));
            rows.setArray(6, connection.createArrayOf("int4", enabled));
            rows.setArray(7, connection.createArrayOf("text", hashes));
            rows.setArray(8, connection.createArrayOf("int8", created));
            rows.setArray(9, connection.createArrayOf("int8", modified));
            rows.setArray(10, connection.createArrayOf("int8", revoked));
            rows.executeUpdate();
        }
        if (attributeNames.isEmpty()) {
            return;
        }
        try (PreparedStatement attributes = connection.prepareStatement("INSERT INTO user_attributes (pool_id, username, "
                + "name, value) SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[])")) {
            attributes.setArray(1, connection.createArrayOf("varchar", attributePools.toArray(String[]::new)));
            attributes.setArray(2, connection.createArrayOf("varchar", attributeUsers.toArray(String[]::new)));
            attributes.setArray(3, connection.createArrayOf("varchar", attributeNames.toArray(String[]::new)));
            attributes.setArray(4, connection.createArrayOf("text", attributeValues.toArray(String[]::new)));
            attributes.executeUpdate();
        }
    }

    /** SQLite: prepared once, stepped per row; no parsing to save there. */
    private static void insertAllAsBatches(Connection connection, List<User> users) throws SQLException {
        try (PreparedStatement rows = connection.prepareStatement("INSERT INTO users (pool_id, username, username_key, "
                + "sub, status, enabled, password_hash, created_at, modified_at, tokens_revoked_before) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement attributes = connection.prepareStatement(
                     "INSERT INTO user_attributes (pool_id, username, name, value) VALUES (?, ?, ?, ?)")) {
            boolean anyAttribute = false;
            for (User user : users) {
                rows.setString(1, user.poolId());
                rows.setString(2, user.username());
                rows.setString(3, user.usernameKey());
                rows.setString(4, user.sub());
                rows.setString(5, user.status().name());
                rows.setInt(6, user.enabled() ? 1 : 0);
                rows.setString(7, user.passwordHash());
                rows.setLong(8, user.createdAt().toEpochMilli());
                rows.setLong(9, user.lastModifiedAt().toEpochMilli());
                if (user.tokensRevokedBefore() == null) {
                    rows.setNull(10, Types.BIGINT);
                } else {
                    rows.setLong(10, user.tokensRevokedBefore().toEpochMilli());
                }
                rows.addBatch();
                for (UserAttribute a : user.attributes()) {
                    attributes.setString(1, user.poolId());
                    attributes.setString(2, user.username());
                    attributes.setString(3, a.name());
                    attributes.setString(4, a.value());
                    attributes.addBatch();
                    anyAttribute = true;
                }
            }
            rows.executeBatch();
            if (anyAttribute) {
                attributes.executeBatch();
            }
        }
    }

    @Override
    public Optional<User> find(String poolId, String usernameKey) {
        return one("u.username_key = :value", poolId, usernameKey);
    }

    @Override
    public Optional<User> findBySub(String poolId, String sub) {
        return one("u.sub = :value", poolId, sub);
    }

    private Optional<User> one(String condition, String poolId, String value) {
        return jdbi.withHandle(h -> {
            List<Row> rows = h.createQuery("SELECT " + COLUMNS + " FROM users u WHERE u.pool_id = :pool AND " + condition)
                    .bind("pool", poolId)
                    .bind("value", value)
                    .map((rs, ctx) -> Row.map(rs))
                    .list();
            return withAttributes(h, poolId, rows).stream().findFirst();
        });
    }

    @Override
    public List<User> findByAttribute(String poolId, String name, String value, boolean ignoreCase) {
        return jdbi.withHandle(h -> withAttributes(h, poolId, UserSearch.byAttribute(poolId, name, value, ignoreCase)
                .query(h).map((rs, ctx) -> Row.map(rs)).list()));
    }

    @Override
    public List<User> findAll(String poolId, Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(usernames));
        return jdbi.withHandle(h -> {
            // PostgreSQL: one array parameter, so a bulk import's thousand names are one statement to plan
            boolean postgresql = isPostgresql(h.getConnection());
            var query = h.createQuery("SELECT " + COLUMNS + " FROM users u WHERE u.pool_id = :pool AND u.username "
                            + (postgresql ? "= ANY(:usernames)" : "IN (<usernames>)") + " ORDER BY u.username")
                    .bind("pool", poolId);
            if (postgresql) {
                query.bindArray("usernames", String.class, distinct);
            } else {
                query.bindList("usernames", distinct);
            }
            return withAttributes(h, poolId, query.map((rs, ctx) -> Row.map(rs)).list());
        });
    }

    /**
     * Two parts of a user are written only whole and only over what was read (compare-and-set):
     * its credentials (status and password: a temporary password never lands next to a status
     * another request confirmed meanwhile) and each address with its verification (a verification
     * never lands on an address changed meanwhile, nor an address written back over a newer one).
     * Anything else is written where it changed, the later write standing.
     */
    @Override
    public boolean update(User read, User changed) {
        if (!read.poolId().equals(changed.poolId()) || !read.username().equals(changed.username())) {
            throw new IllegalArgumentException("an update cannot turn one user into another");
        }
        StringBuilder set = new StringBuilder("modified_at = :modified");
        StringBuilder where = new StringBuilder("pool_id = :pool AND username = :username");
        boolean credentials = read.status() != changed.status()
                || !Objects.equals(read.passwordHash(), changed.passwordHash());
        boolean enabled = read.enabled() != changed.enabled();
        boolean revoked = changed.tokensRevokedBefore() != null
                && !changed.tokensRevokedBefore().equals(read.tokensRevokedBefore());
        if (credentials) {
            set.append(", status = :status, password_hash = :hash");
            where.append(" AND status = :readStatus AND ")
                    .append(read.passwordHash() == null ? "password_hash IS NULL" : "password_hash = :readHash");
        }
        if (enabled) {
            set.append(", enabled = :enabled");
        }
        if (revoked) {
            set.append(", tokens_revoked_before = ").append(LATER_REVOCATION);
        }
        Map<String, String> before = valuesOf(read);
        Map<String, String> after = valuesOf(changed);
        Set<String> removed = new LinkedHashSet<>();
        before.keySet().stream().filter(name -> !after.containsKey(name)).forEach(removed::add);
        Map<String, String> written = new LinkedHashMap<>();
        after.forEach((name, value) -> {
            if (!value.equals(before.get(name))) {
                written.put(name, value);
            }
        });
        List<String> guarded = new ArrayList<>();
        for (String address : VERIFIABLE) {
            String verified = address + "_verified";
            if (written.containsKey(address) || written.containsKey(verified) || removed.contains(address)
                    || removed.contains(verified)) {
                for (String name : List.of(address, verified)) {
                    guarded.add(name);
                    if (after.containsKey(name)) {
                        written.put(name, after.get(name));
                    } else {
                        removed.add(name);
                    }
                }
            }
        }
        return jdbi.inTransaction(h -> {
            var update = h.createUpdate("UPDATE users SET " + set + " WHERE " + where)
                    .bind("pool", changed.poolId())
                    .bind("username", changed.username())
                    .bind("modified", changed.lastModifiedAt().toEpochMilli());
            if (credentials) {
                update.bind("status", changed.status().name())
                        .bind("hash", changed.passwordHash())
                        .bind("readStatus", read.status().name());
                if (read.passwordHash() != null) {
                    update.bind("readHash", read.passwordHash());
                }
            }
            if (enabled) {
                update.bind("enabled", changed.enabled() ? 1 : 0);
            }
            if (revoked) {
                update.bind("revoked", changed.tokensRevokedBefore().toEpochMilli());
            }
            if (update.execute() == 0) {
                if (exists(h, changed.poolId(), changed.username())) {
                    throw new ConcurrentChangeException("the password or status of user " + changed.username()
                            + " was changed by another request meanwhile");
                }
                return false;
            }
            // the user's row is locked now, so what is read here is what every other writer left
            if (!guarded.isEmpty() && !stillAsRead(h, read, guarded)) {
                throw new ConcurrentChangeException("an address of user " + changed.username()
                        + " was changed by another request meanwhile");
            }
            if (!removed.isEmpty()) {
                h.createUpdate("DELETE FROM user_attributes WHERE pool_id = :pool AND username = :username "
                                + "AND name IN (<names>)")
                        .bind("pool", changed.poolId())
                        .bind("username", changed.username())
                        .bindList("names", List.copyOf(removed))
                        .execute();
            }
            if (!written.isEmpty()) {
                var batch = h.prepareBatch("INSERT INTO user_attributes (pool_id, username, name, value) "
                        + "VALUES (:pool, :username, :name, :value) "
                        + "ON CONFLICT (pool_id, username, name) DO UPDATE SET value = excluded.value");
                written.forEach((name, value) -> batch.bind("pool", changed.poolId())
                        .bind("username", changed.username())
                        .bind("name", name)
                        .bind("value", value)
                        .add());
                batch.execute();
            }
            return true;
        });
    }

    /** A revocation only ever moves later (nodes' clocks differ a little). */
    private static final String LATER_REVOCATION = "CASE WHEN tokens_revoked_before IS NULL "
            + "OR tokens_revoked_before < :revoked THEN :revoked ELSE tokens_revoked_before END";

    private static boolean exists(Handle h, String poolId, String username) {
        return h.createQuery("SELECT 1 FROM users WHERE pool_id = :pool AND username = :username")
                .bind("pool", poolId)
                .bind("username", username)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    private static boolean stillAsRead(Handle h, User read, List<String> names) {
        Map<String, String> now = new HashMap<>();
        h.createQuery("SELECT name, value FROM user_attributes WHERE pool_id = :pool AND username = :username "
                        + "AND name IN (<names>)")
                .bind("pool", read.poolId())
                .bind("username", read.username())
                .bindList("names", names)
                .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getString("value")))
                .forEach(e -> now.put(e.getKey(), e.getValue()));
        Map<String, String> before = valuesOf(read);
        return names.stream().allMatch(name -> Objects.equals(now.get(name), before.get(name)));
    }

    @Override
    public boolean setEnabled(String poolId, String username, boolean enabled, Instant revokeBefore, Instant now) {
        String revocation = revokeBefore == null ? "" : ", tokens_revoked_before = " + LATER_REVOCATION;
        return jdbi.withHandle(h -> {
            var update = h.createUpdate("UPDATE users SET enabled = :enabled, modified_at = :modified" + revocation
                            + " WHERE pool_id = :pool AND username = :username")
                    .bind("pool", poolId)
                    .bind("username", username)
                    .bind("enabled", enabled ? 1 : 0)
                    .bind("modified", now.toEpochMilli());
            if (revokeBefore != null) {
                update.bind("revoked", revokeBefore.toEpochMilli());
            }
            return update.execute() == 1;
        });
    }

    private static final List<String> VERIFIABLE = List.of("email", "phone_number");

    private static Map<String, String> valuesOf(User user) {
        Map<String, String> values = new HashMap<>();
        user.attributes().forEach(a -> values.put(a.name(), a.value()));
        return values;
    }

    @Override
    public boolean markVerified(String poolId, String username, String attribute, String value, Instant now) {
        // The users row is locked first, as update() locks it, so the two never deadlock; the
        // attribute is then read by a statement of its own, after any update that held the lock
        // committed (PostgreSQL's READ COMMITTED takes each statement's snapshot as it starts).
        return jdbi.inTransaction(h -> {
            int user = h.createUpdate("UPDATE users SET modified_at = :modified WHERE pool_id = :pool AND username = :username")
                    .bind("pool", poolId)
                    .bind("username", username)
                    .bind("modified", now.toEpochMilli())
                    .execute();
            if (user == 0) {
                return false;
            }
            int marked = h.createUpdate("INSERT INTO user_attributes (pool_id, username, name, value) "
                            + "SELECT pool_id, username, :verified, 'true' FROM user_attributes "
                            + "WHERE pool_id = :pool AND username = :username AND name = :attribute AND value = :value "
                            + "ON CONFLICT (pool_id, username, name) DO UPDATE SET value = excluded.value")
                    .bind("pool", poolId)
                    .bind("username", username)
                    .bind("verified", attribute + "_verified")
                    .bind("attribute", attribute)
                    .bind("value", value)
                    .execute();
            // no longer that value: the user was changed meanwhile (and its modified time with it)
            return marked > 0;
        });
    }

    @Override
    public boolean revokeTokensBefore(String poolId, String username, Instant instant) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET tokens_revoked_before = " + LATER_REVOCATION
                        + " WHERE pool_id = :pool AND username = :username")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("revoked", instant.toEpochMilli())
                .execute()) == 1;
    }

    @Override
    public boolean delete(String poolId, String username) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM users WHERE pool_id = :pool AND username = :username")
                .bind("pool", poolId)
                .bind("username", username)
                .execute()) == 1;
    }

    @Override
    public Page<User> list(String poolId, UserFilter filter, String after, int limit) {
        return jdbi.withHandle(h -> {
            List<Row> rows = UserSearch.list(poolId, filter, after, limit).query(h).map((rs, ctx) -> Row.map(rs)).list();
            return Pages.of(withAttributes(h, poolId, rows), limit, User::usernameKey);
        });
    }

    @Override
    public long countUsers(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE pool_id = :pool")
                .bind("pool", poolId)
                .mapTo(Long.class)
                .one());
    }

    private static void insertAttributes(Handle h, User user) {
        if (user.attributes().isEmpty()) {
            return;
        }
        var batch = h.prepareBatch("INSERT INTO user_attributes (pool_id, username, name, value) "
                + "VALUES (:pool, :username, :name, :value)");
        for (UserAttribute a : user.attributes()) {
            batch.bind("pool", user.poolId())
                    .bind("username", user.username())
                    .bind("name", a.name())
                    .bind("value", a.value())
                    .add();
        }
        batch.execute();
    }

    private static List<User> withAttributes(Handle h, String poolId, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<UserAttribute>> byUser = new HashMap<>();
        h.createQuery("SELECT username, name, value FROM user_attributes WHERE pool_id = :pool "
                        + "AND username IN (<usernames>) ORDER BY username, name")
                .bind("pool", poolId)
                .bindList("usernames", rows.stream().map(Row::username).toList())
                .map((rs, ctx) -> new AttributeRow(rs.getString("username"), rs.getString("name"), rs.getString("value")))
                .forEach(a -> byUser.computeIfAbsent(a.username(), k -> new ArrayList<>())
                        .add(new UserAttribute(a.name(), a.value())));
        return rows.stream().map(r -> r.with(byUser.getOrDefault(r.username(), List.of()))).toList();
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
