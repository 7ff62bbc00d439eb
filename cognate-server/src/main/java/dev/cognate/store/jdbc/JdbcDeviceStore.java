package dev.cognate.store.jdbc;

import dev.cognate.store.Device;
import dev.cognate.store.DeviceStore;
import dev.cognate.store.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

public final class JdbcDeviceStore implements DeviceStore {
    private static final String COLUMNS = "pool_id, device_key, username, sub, group_key, confirmed, remembered, verifier, "
            + "name, last_ip, created_at, modified_at, authenticated_at";

    private final Jdbi jdbi;

    public JdbcDeviceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void add(Device d) {
        // The SELECT skips a user deleted meanwhile (the foreign key would refuse the row).
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO devices (" + COLUMNS + ") "
                        + "SELECT pool_id, :key, username, :sub, :group, 0, 0, NULL, NULL, :ip, :created, :created, NULL "
                        + "FROM users WHERE pool_id = :pool AND username = :username AND sub = :sub")
                .bind("pool", d.poolId())
                .bind("key", d.deviceKey())
                .bind("username", d.username())
                .bind("sub", d.sub())
                .bind("group", d.groupKey())
                .bind("ip", d.lastIp())
                .bind("created", d.createdAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<Device> find(String poolId, String deviceKey) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM devices WHERE pool_id = :pool AND device_key = :key")
                .bind("pool", poolId)
                .bind("key", deviceKey)
                .map(JdbcDeviceStore::device)
                .findOne());
    }

    @Override
    public boolean confirm(String poolId, String deviceKey, String sub, String verifier, String name, boolean remembered,
                           String ip, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE devices SET confirmed = 1, remembered = :remembered, "
                        + "verifier = :verifier, name = :name, last_ip = COALESCE(:ip, last_ip), created_at = :at, "
                        + "modified_at = :at WHERE pool_id = :pool AND device_key = :key AND sub = :sub AND confirmed = 0")
                .bind("pool", poolId)
                .bind("key", deviceKey)
                .bind("sub", sub)
                .bind("verifier", verifier)
                .bind("name", name)
                .bind("remembered", remembered ? 1 : 0)
                .bind("ip", ip)
                .bind("at", at.toEpochMilli())
                .execute()) == 1;
    }

    @Override
    public boolean setRemembered(String poolId, String deviceKey, String sub, boolean remembered, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE devices SET remembered = :remembered, modified_at = :at "
                        + "WHERE pool_id = :pool AND device_key = :key AND sub = :sub AND confirmed = 1")
                .bind("pool", poolId)
                .bind("key", deviceKey)
                .bind("sub", sub)
                .bind("remembered", remembered ? 1 : 0)
                .bind("at", at.toEpochMilli())
                .execute()) == 1;
    }

    @Override
    public void authenticated(String poolId, String deviceKey, String ip, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE devices SET authenticated_at = :at, last_ip = COALESCE(:ip, last_ip) "
                        + "WHERE pool_id = :pool AND device_key = :key")
                .bind("pool", poolId)
                .bind("key", deviceKey)
                .bind("ip", ip)
                .bind("at", at.toEpochMilli())
                .execute());
    }

    @Override
    public boolean forget(String poolId, String deviceKey, String sub) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM devices WHERE pool_id = :pool AND device_key = :key "
                        + "AND sub = :sub")
                .bind("pool", poolId)
                .bind("key", deviceKey)
                .bind("sub", sub)
                .execute()) == 1;
    }

    @Override
    public Page<Device> list(String poolId, String username, String sub, int limit, String position) {
        long after = Long.MIN_VALUE;
        String afterKey = "";
        if (position != null) {
            int colon = position.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not a device page position");
            }
            try {
                after = Long.parseLong(position.substring(0, colon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a device page position");
            }
            afterKey = position.substring(colon + 1);
        }
        long from = after;
        String fromKey = afterKey;
        List<Device> rows = jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM devices "
                        + "WHERE pool_id = :pool AND username = :username AND sub = :sub AND confirmed = 1 "
                        + "AND (created_at > :after OR (created_at = :after AND device_key > :afterKey)) "
                        + "ORDER BY created_at, device_key LIMIT :limit")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("sub", sub)
                .bind("after", from)
                .bind("afterKey", fromKey)
                .bind("limit", limit + 1)
                .map(JdbcDeviceStore::device)
                .list());
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        Device last = rows.get(limit - 1);
        return new Page<>(rows.subList(0, limit), last.createdAt().toEpochMilli() + ":" + last.deviceKey());
    }

    @Override
    public int purgeUnconfirmed(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM devices WHERE confirmed = 0 AND created_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli())
                .execute());
    }

    private static Device device(ResultSet rs, StatementContext ctx) throws SQLException {
        long authenticated = rs.getLong("authenticated_at");
        Instant authenticatedAt = rs.wasNull() ? null : Instant.ofEpochMilli(authenticated);
        return new Device(rs.getString("pool_id"), rs.getString("device_key"), rs.getString("username"),
                rs.getString("sub"), rs.getString("group_key"), rs.getInt("confirmed") == 1, rs.getInt("remembered") == 1,
                rs.getString("verifier"), rs.getString("name"), rs.getString("last_ip"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("modified_at")),
                authenticatedAt);
    }
}
