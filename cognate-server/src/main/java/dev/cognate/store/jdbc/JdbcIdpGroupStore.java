package dev.cognate.store.jdbc;

import dev.cognate.store.IdpGroupStore;
import dev.cognate.users.IdpGroup;
import java.util.LinkedHashSet;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

public final class JdbcIdpGroupStore implements IdpGroupStore {
    private final Jdbi jdbi;

    public JdbcIdpGroupStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void replace(String poolId, String username, String providerName, List<String> groups) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM idp_groups WHERE pool_id = :pool AND username = :username AND provider_name = :provider")
                    .bind("pool", poolId)
                    .bind("username", username)
                    .bind("provider", providerName)
                    .execute();
            for (String group : new LinkedHashSet<>(groups)) {
                h.createUpdate("INSERT INTO idp_groups (pool_id, username, provider_name, group_name) "
                                + "VALUES (:pool, :username, :provider, :group)")
                        .bind("pool", poolId)
                        .bind("username", username)
                        .bind("provider", providerName)
                        .bind("group", group)
                        .execute();
            }
        });
    }

    @Override
    public List<IdpGroup> groupsOf(String poolId, String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT provider_name, group_name FROM idp_groups "
                        + "WHERE pool_id = :pool AND username = :username ORDER BY provider_name, group_name")
                .bind("pool", poolId)
                .bind("username", username)
                .map((rs, ctx) -> new IdpGroup(rs.getString("provider_name"), rs.getString("group_name")))
                .list());
    }
}
