package dev.cognate.store.jdbc;

import dev.cognate.store.IdentityLinkStore;
import dev.cognate.users.IdentityLink;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcIdentityLinkStore implements IdentityLinkStore {
    private static final String COLUMNS =
            "pool_id, provider_name, provider_attribute_name, provider_attribute_value, username, created_at";
    private static final String IDENTITY = "pool_id = :pool AND provider_name = :provider "
            + "AND provider_attribute_name = :attributeName AND provider_attribute_value = :attributeValue";

    private final Jdbi jdbi;

    public JdbcIdentityLinkStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(IdentityLink link) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO identity_links (" + COLUMNS + ") VALUES "
                        + "(:pool, :provider, :attributeName, :attributeValue, :username, :created)")
                .bind("pool", link.poolId())
                .bind("provider", link.providerName())
                .bind("attributeName", link.providerAttributeName())
                .bind("attributeValue", link.providerAttributeValue())
                .bind("username", link.username())
                .bind("created", link.createdAt().toEpochMilli())
                .execute()));
    }

    @Override
    public Optional<IdentityLink> find(String poolId, String providerName, String providerAttributeName,
                                       String providerAttributeValue) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM identity_links WHERE " + IDENTITY)
                .bind("pool", poolId)
                .bind("provider", providerName)
                .bind("attributeName", providerAttributeName)
                .bind("attributeValue", providerAttributeValue)
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    @Override
    public List<IdentityLink> linksOf(String poolId, String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM identity_links "
                        + "WHERE pool_id = :pool AND username = :username "
                        + "ORDER BY provider_name, provider_attribute_name, provider_attribute_value")
                .bind("pool", poolId)
                .bind("username", username)
                .map((rs, ctx) -> map(rs))
                .list());
    }

    @Override
    public boolean delete(String poolId, String providerName, String providerAttributeName, String providerAttributeValue) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM identity_links WHERE " + IDENTITY)
                .bind("pool", poolId)
                .bind("provider", providerName)
                .bind("attributeName", providerAttributeName)
                .bind("attributeValue", providerAttributeValue)
                .execute()) == 1;
    }

    private static IdentityLink map(ResultSet rs) throws SQLException {
        return new IdentityLink(rs.getString("pool_id"), rs.getString("provider_name"),
                rs.getString("provider_attribute_name"), rs.getString("provider_attribute_value"),
                rs.getString("username"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
