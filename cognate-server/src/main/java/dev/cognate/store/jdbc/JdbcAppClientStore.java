package dev.cognate.store.jdbc;

import dev.cognate.clients.AppClient;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.Page;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** App clients; the secret lives sealed in {@code secret_sealed}, bound to the client id. */
public final class JdbcAppClientStore implements AppClientStore {
    private final Jdbi jdbi;
    private final SecretBox secretBox;
    private final RowMapper<AppClient> rows;

    public JdbcAppClientStore(Jdbi jdbi, SecretBox secretBox) {
        this.jdbi = jdbi;
        this.secretBox = secretBox;
        this.rows = (rs, ctx) -> {
            AppClient client = Docs.read(rs.getString("doc"), AppClient.class);
            String sealed = rs.getString("secret_sealed");
            return sealed == null ? client : client.withSecret(secretBox.open(sealed, context(client.clientId())));
        };
    }

    static String context(String clientId) {
        return "client-secret:" + clientId;
    }

    private String seal(AppClient client) {
        return client.hasSecret() ? secretBox.seal(client.clientSecret(), context(client.clientId())) : null;
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
        return jdbi.withHandle(h -> h.createUpdate("UPDATE app_clients SET name = :name, secret_sealed = :secret, "
                        + "doc = :doc WHERE id = :id AND pool_id = :pool")
                .bind("id", client.clientId())
                .bind("pool", client.userPoolId())
                .bind("name", client.clientName())
                .bind("secret", seal(client))
                .bind("doc", Docs.write(client))
                .execute()) == 1;
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
