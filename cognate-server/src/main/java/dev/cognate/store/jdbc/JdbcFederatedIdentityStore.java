package dev.cognate.store.jdbc;

import dev.cognate.store.FederatedIdentityStore;
import dev.cognate.users.FederatedIdentity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcFederatedIdentityStore implements FederatedIdentityStore {
    private static final String COLUMNS = "pool_id, provider_name, issuer, subject, username, created_at";

    private final Jdbi jdbi;

    public JdbcFederatedIdentityStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(FederatedIdentity identity) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO federated_identities (" + COLUMNS + ") "
                        + "VALUES (:pool, :provider, :issuer, :subject, :username, :created)")
                .bind("pool", identity.poolId())
                .bind("provider", identity.providerName())
                .bind("issuer", identity.issuer())
                .bind("subject", identity.subject())
                .bind("username", identity.username())
                .bind("created", identity.createdAt().toEpochMilli())
                .execute()));
    }

    @Override
    public Optional<FederatedIdentity> find(String poolId, String providerName, String issuer, String subject) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM federated_identities "
                        + "WHERE pool_id = :pool AND provider_name = :provider AND issuer = :issuer AND subject = :subject")
                .bind("pool", poolId)
                .bind("provider", providerName)
                .bind("issuer", issuer)
                .bind("subject", subject)
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    @Override
    public List<FederatedIdentity> identitiesOf(String poolId, String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM federated_identities "
                        + "WHERE pool_id = :pool AND username = :username ORDER BY provider_name, issuer, subject")
                .bind("pool", poolId)
                .bind("username", username)
                .map((rs, ctx) -> map(rs))
                .list());
    }

    private static FederatedIdentity map(ResultSet rs) throws SQLException {
        return new FederatedIdentity(rs.getString("pool_id"), rs.getString("provider_name"), rs.getString("issuer"),
                rs.getString("subject"), rs.getString("username"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
