package dev.cognate.store.jdbc;

import dev.cognate.pools.UserPool;
import dev.cognate.store.ConcurrentChangeException;
import dev.cognate.store.Page;
import dev.cognate.store.UserPoolStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

public final class JdbcUserPoolStore implements UserPoolStore {
    private static final int ATTEMPTS = 16;

    private final Jdbi jdbi;

    public JdbcUserPoolStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(UserPool pool) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO user_pools (id, name, created_at, doc) VALUES (:id, :name, :created, :doc)")
                .bind("id", pool.id())
                .bind("name", pool.name())
                .bind("created", pool.creationDate().toEpochMilli())
                .bind("doc", Docs.write(pool))
                .execute()));
    }

    @Override
    public Optional<UserPool> find(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM user_pools WHERE id = :id")
                .bind("id", poolId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, UserPool.class)));
    }

    /** Compare-and-set on the document as read: any write in between changes its text (its LastModifiedDate at least). */
    @Override
    public Optional<UserPool> change(String poolId, UnaryOperator<UserPool> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<String> read = readDoc(poolId);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            UserPool current = Docs.read(read.get(), UserPool.class);
            UserPool next = change.apply(current);
            if (next == current) {
                return Optional.of(current);
            }
            if (!next.id().equals(poolId)) {
                throw new IllegalArgumentException("a change of pool " + poolId + " cannot make pool " + next.id());
            }
            int updated = jdbi.withHandle(h -> h.createUpdate(
                            "UPDATE user_pools SET name = :name, doc = :doc WHERE id = :id AND doc = :old")
                    .bind("id", poolId)
                    .bind("name", next.name())
                    .bind("doc", Docs.write(next))
                    .bind("old", read.get())
                    .execute());
            if (updated == 1) {
                return Optional.of(next);
            }
        }
        throw new ConcurrentChangeException("user pool " + poolId + " kept changing under this change");
    }

    @Override
    public boolean delete(String poolId, Consumer<UserPool> check) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<String> read = readDoc(poolId);
            if (read.isEmpty()) {
                return false;
            }
            check.accept(Docs.read(read.get(), UserPool.class));
            int deleted = jdbi.withHandle(h -> h.createUpdate("DELETE FROM user_pools WHERE id = :id AND doc = :old")
                    .bind("id", poolId)
                    .bind("old", read.get())
                    .execute());
            if (deleted == 1) {
                return true;
            }
        }
        throw new ConcurrentChangeException("user pool " + poolId + " kept changing under its deletion");
    }

    private Optional<String> readDoc(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM user_pools WHERE id = :id")
                .bind("id", poolId)
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public Page<UserPool> list(String region, String after, int limit) {
        // substr, not LIKE: exact whatever the collation ('_' is a LIKE wildcard, SQLite's LIKE ignores case)
        String prefix = region + "_";
        List<UserPool> rows = jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc FROM user_pools WHERE substr(id, 1, :prefixLength) = :prefix AND id > :after "
                                + "ORDER BY id LIMIT :limit")
                .bind("prefix", prefix)
                .bind("prefixLength", prefix.length())
                .bind("after", after == null ? "" : after)
                .bind("limit", limit + 1)
                .mapTo(String.class)
                .map(doc -> Docs.read(doc, UserPool.class))
                .list());
        return Pages.of(rows, limit, UserPool::id);
    }
}
