package dev.cognate.store.jdbc;

import dev.cognate.clients.AppClient;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.Page;
import dev.cognate.clients.ClientSecret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * App clients; the secrets live sealed in {@code secret_sealed}, bound to the client id: a JSON
 * list of them, or (written before secrets were rotated) the one secret itself.
 */
public final class JdbcAppClientStore implements AppClientStore {
    private final Jdbi jdbi;
    private final SecretBox secretBox;
    private final RowMapper<AppClient> rows;

    public JdbcAppClientStore(Jdbi jdbi, SecretBox secretBox) {
        this.jdbi = jdbi;
        this.secretBox = secretBox;
        this.rows = (rs, ctx) -> withSecrets(Docs.read(rs.getString("doc"), AppClient.class), rs.getString("secret_sealed"));
    }

    /** A stored secret as the list keeps it (epoch milliseconds). */
    record StoredSecret(String id, String value, long createdAt) {}

    private AppClient withSecrets(AppClient client, String sealed) {
        if (sealed == null) {
            return client.withSecrets(List.of());
        }
        String plain = secretBox.open(sealed, context(client.clientId()));
        if (!plain.startsWith("[")) {
            return client.withSecret(plain);
        }
        List<ClientSecret> secrets = new ArrayList<>();
        for (StoredSecret s : Docs.read(plain, StoredSecret[].class)) {
            secrets.add(new ClientSecret(s.id(), s.value(), Instant.ofEpochMilli(s.createdAt())));
        }
        return client.withSecrets(secrets);
    }

    static String context(String clientId) {
        return "client-secret:" + clientId;
    }

    private String seal(AppClient client) {
        return seal(client.clientId(), client.clientSecrets());
    }

    private String seal(String clientId, List<ClientSecret> secrets) {
        if (secrets.isEmpty()) {
            return null;
        }
        List<StoredSecret> stored = secrets.stream()
                .map(s -> new StoredSecret(s.id(), s.value(), s.createdAt().toEpochMilli())).toList();
        return secretBox.seal(Docs.write(stored), context(clientId));
    }

    @Override
    public void insert(AppClient client) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO app_clients "
                        + "(id, pool_id, name, secret_sealed, created_at, doc) "
                        + "VALUES (:id, :pool, :name, :secret, :created, :doc)")
                .bind("id", client.clientId())
                .bind("pool", client.userPoolId())
                .bind("name", client.clientName())
                .bind("secret", seal(client))
                .bind("created", client.creationDate().toEpochMilli())
                .bind("doc", Docs.write(client))
                .execute()));
    }

    @Override
    public Optional<AppClient> find(String poolId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc, secret_sealed FROM app_clients WHERE id = :id AND pool_id = :pool")
                .bind("id", clientId)
                .bind("pool", poolId)
                .map(rows)
                .findOne());
    }

    @Override
    public Optional<AppClient> find(String clientId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc, secret_sealed FROM app_clients WHERE id = :id")
                .bind("id", clientId)
                .map(rows)
                .findOne());
    }

    @Override
    public boolean update(AppClient client) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE app_clients SET name = :name, doc = :doc "
                        + "WHERE id = :id AND pool_id = :pool")
                .bind("id", client.clientId())
                .bind("pool", client.userPoolId())
                .bind("name", client.clientName())
                .bind("doc", Docs.write(client))
                .execute()) == 1;
    }

    /**
     * Read, change, and write back only if the sealed secrets are still those read (each sealing
     * is unique, so any change in between is seen); tried again a few times when another won.
     */
    @Override
    public Optional<AppClient> changeSecrets(String poolId, String clientId, UnaryOperator<List<ClientSecret>> change) {
        for (int attempt = 0; attempt < 8; attempt++) {
            Optional<Map.Entry<AppClient, String>> read = jdbi.withHandle(h -> h.createQuery(
                            "SELECT doc, secret_sealed FROM app_clients WHERE id = :id AND pool_id = :pool")
                    .bind("id", clientId)
                    .bind("pool", poolId)
                    .map((rs, ctx) -> Map.entry(withSecrets(Docs.read(rs.getString("doc"), AppClient.class),
                            rs.getString("secret_sealed")), Objects.requireNonNullElse(rs.getString("secret_sealed"), "")))
                    .findOne());
            if (read.isEmpty()) {
                return Optional.empty();
            }
            AppClient current = read.get().getKey();
            String old = read.get().getValue();
            List<ClientSecret> next = List.copyOf(change.apply(current.clientSecrets()));
            String sealed = seal(clientId, next);
            int updated = jdbi.withHandle(h -> h.createUpdate("UPDATE app_clients SET secret_sealed = :secret "
                            + "WHERE id = :id AND pool_id = :pool AND COALESCE(secret_sealed, '') = :old")
                    .bind("id", clientId)
                    .bind("pool", poolId)
                    .bind("secret", sealed)
                    .bind("old", old)
                    .execute());
            if (updated == 1) {
                return Optional.of(current.withSecrets(next));
            }
        }
        throw new IllegalStateException("the secrets of client " + clientId + " kept changing under this change");
    }

    @Override
    public boolean delete(String poolId, String clientId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM app_clients WHERE id = :id AND pool_id = :pool")
                .bind("id", clientId)
                .bind("pool", poolId)
                .execute()) == 1;
    }

    @Override
    public Page<AppClient> list(String poolId, String after, int limit) {
        List<AppClient> found = jdbi.withHandle(h -> h.createQuery("SELECT doc, secret_sealed FROM app_clients "
                        + "WHERE pool_id = :pool AND id > :after ORDER BY id LIMIT :limit")
                .bind("pool", poolId)
                .bind("after", after == null ? "" : after)
                .bind("limit", limit + 1)
                .map(rows)
                .list());
        return Pages.of(found, limit, AppClient::clientId);
    }
}
