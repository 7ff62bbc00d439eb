package dev.cognate.store.jdbc;

import dev.cognate.pools.Terms;
import dev.cognate.store.Page;
import dev.cognate.store.TermsStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcTermsStore implements TermsStore {
    private final Jdbi jdbi;

    public JdbcTermsStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Terms terms) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO terms (pool_id, terms_id, client_id, terms_name, doc)
                        VALUES (:pool, :id, :client, :name, :doc)""")
                .bind("pool", terms.userPoolId())
                .bind("id", terms.termsId())
                .bind("client", terms.clientId())
                .bind("name", terms.termsName())
                .bind("doc", Docs.write(terms))
                .execute()));
    }

    @Override
    public Optional<Terms> find(String poolId, String termsId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM terms WHERE pool_id = :pool AND terms_id = :id")
                .bind("pool", poolId)
                .bind("id", termsId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, Terms.class)));
    }

    @Override
    public Optional<Terms> findByClient(String poolId, String clientId, String termsName) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc FROM terms WHERE pool_id = :pool AND client_id = :client AND terms_name = :name")
                .bind("pool", poolId)
                .bind("client", clientId)
                .bind("name", termsName)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, Terms.class)));
    }

    @Override
    public boolean update(Terms terms) {
        return Sql.insert(() -> jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE terms SET terms_name = :name, doc = :doc WHERE pool_id = :pool AND terms_id = :id")
                .bind("pool", terms.userPoolId())
                .bind("id", terms.termsId())
                .bind("name", terms.termsName())
                .bind("doc", Docs.write(terms))
                .execute())) == 1;
    }

    @Override
    public boolean delete(String poolId, String termsId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM terms WHERE pool_id = :pool AND terms_id = :id")
                .bind("pool", poolId)
                .bind("id", termsId)
                .execute()) == 1;
    }

    @Override
    public Page<Terms> list(String poolId, String after, int limit) {
        List<Terms> rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT doc FROM terms WHERE pool_id = :pool AND terms_id > :after
                        ORDER BY terms_id LIMIT :limit""")
                .bind("pool", poolId)
                .bind("after", after == null ? "" : after)
                .bind("limit", limit + 1)
                .mapTo(String.class)
                .map(doc -> Docs.read(doc, Terms.class))
                .list());
        return Pages.of(rows, limit, Terms::termsId);
    }
}
