package dev.cognate.store.jdbc;

import dev.cognate.domains.UserPoolDomain;
import dev.cognate.store.UserPoolDomainStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcUserPoolDomainStore implements UserPoolDomainStore {
    private final Jdbi jdbi;

    public JdbcUserPoolDomainStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(UserPoolDomain domain) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO user_pool_domains (domain, pool_id, custom, doc) VALUES (:domain, :pool, :custom, :doc)")
                .bind("domain", domain.domain())
                .bind("pool", domain.userPoolId())
                .bind("custom", domain.customDomain() ? 1 : 0)
                .bind("doc", Docs.write(domain))
                .execute()));
    }

    @Override
    public Optional<UserPoolDomain> find(String domain) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM user_pool_domains WHERE domain = :domain")
                .bind("domain", domain)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, UserPoolDomain.class)));
    }

    @Override
    public List<UserPoolDomain> ofPool(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM user_pool_domains WHERE pool_id = :pool ORDER BY custom")
                .bind("pool", poolId)
                .mapTo(String.class)
                .map(doc -> Docs.read(doc, UserPoolDomain.class))
                .list());
    }

    @Override
    public boolean update(UserPoolDomain domain) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE user_pool_domains SET doc = :doc WHERE domain = :domain AND pool_id = :pool AND custom = :custom")
                .bind("domain", domain.domain())
                .bind("pool", domain.userPoolId())
                .bind("custom", domain.customDomain() ? 1 : 0)
                .bind("doc", Docs.write(domain))
                .execute()) == 1;
    }

    @Override
    public boolean delete(String poolId, String domain) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM user_pool_domains WHERE domain = :domain AND pool_id = :pool")
                .bind("domain", domain)
                .bind("pool", poolId)
                .execute()) == 1;
    }
}
