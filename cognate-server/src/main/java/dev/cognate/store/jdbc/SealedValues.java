package dev.cognate.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.crypto.SecretBox;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Every value the store keeps sealed with the master key, and their re-sealing under the current
 * key ({@code cognate keys rotate-master}). Each value is re-sealed by a compare-and-set on the
 * sealed value it read: a node that rewrites it meanwhile (under the current key) wins, nothing
 * is lost, and a run stopped half-way is resumed by running again (values already under the
 * current key are passed over). The contexts are those the sealing classes bind (the authn
 * ones are repeated here, as the store does not import authn; the rotation test holds them equal).
 */
public final class SealedValues {
    private static final int PAGE = 200;

    /**
     * One column of sealed values: its table, the columns that name a row, how a row's context reads,
     * and whether it is short-lived (the outbox: a day at most). A short-lived column may hold plain
     * values stored before it was sealed, and values no key at hand opens; both are passed over, so
     * that such a row never stops a rotation: it expires.
     */
    record Column(String table, List<String> keys, String column, Function<Map<String, String>, String> context,
                  boolean shortLived) {
        Column(String table, List<String> keys, String column, Function<Map<String, String>, String> context) {
            this(table, keys, column, context, false);
        }

        /** The sealed value of a row, or null for a plain one that the column may hold. */
        String sealed(Map<String, String> row) {
            String value = row.get(column);
            return shortLived && !SecretBox.isSealed(value) ? null : value;
        }

        /** The value re-sealed under the current key; empty when it is already, or when a short-lived one cannot be. */
        Optional<String> resealed(SecretBox box, Map<String, String> row, String sealed) {
            try {
                return box.resealed(sealed, context.apply(row));
            } catch (IllegalArgumentException | IllegalStateException e) {
                if (shortLived) {
                    return Optional.empty();
                }
                throw e;
            }
        }
    }

    static final List<Column> COLUMNS = List.of(
            new Column("app_clients", List.of("id"), "secret_sealed", row -> "client-secret:" + row.get("id")),
            new Column("signing_keys", List.of("pool_id", "kid"), "private_sealed",
                    row -> "signing-key:" + row.get("pool_id") + ":" + row.get("kid")),
            new Column("sign_in_transactions", List.of("id_hash"), "doc",
                    row -> "sign-in-transaction:" + row.get("id_hash")),
            new Column("srp_verifiers", List.of("pool_id", "username"), "sealed",
                    row -> "srp-verifier:" + row.get("pool_id") + ":" + row.get("username")),
            new Column("user_software_tokens", List.of("pool_id", "username"), "secret",
                    row -> "software-token:" + row.get("pool_id") + ":" + row.get("username")),
            new Column("user_software_tokens", List.of("pool_id", "username"), "pending_secret",
                    row -> "software-token:" + row.get("pool_id") + ":" + row.get("username")),
            new Column("devices", List.of("pool_id", "device_key"), "verifier",
                    row -> "device-verifier:" + row.get("pool_id") + ":" + row.get("device_key")),
            new Column("pool_signing_certificates", List.of("pool_id"), "private_sealed",
                    row -> JdbcPoolCertificateStore.context(row.get("pool_id"))),
            new Column("outbox_messages", List.of("id"), "subject", row -> JdbcOutboxStore.context(row.get("id")), true),
            new Column("outbox_messages", List.of("id"), "body", row -> JdbcOutboxStore.context(row.get("id")), true));

    private final Jdbi jdbi;
    private final SecretBox box;

    public SealedValues(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    /** Re-seals under the current key at most {@code limit} values that another key sealed; returns how many it did. */
    public int reseal(int limit) {
        int done = 0;
        for (Column column : COLUMNS) {
            done += resealColumn(column, limit - done);
            if (done >= limit) {
                return done;
            }
        }
        return done + resealProviderSecrets(limit - done);
    }

    /** How many values the current key does not open: 0 once a rotation is complete. */
    public int notUnderCurrentKey() {
        int count = 0;
        for (Column column : COLUMNS) {
            for (int offset = 0; ; offset += PAGE) {
                List<Map<String, String>> rows = page(column, offset);
                for (Map<String, String> row : rows) {
                    String sealed = column.sealed(row);
                    if (sealed != null && column.resealed(box, row, sealed).isPresent()) {
                        count++;
                    }
                }
                if (rows.size() < PAGE) {
                    break;
                }
            }
        }
        for (Map<String, String> row : providers()) {
            count += (int) providerResealed(row).values().stream().filter(Optional::isPresent).count();
        }
        return count;
    }

    private int resealColumn(Column column, int limit) {
        int done = 0;
        for (int offset = 0; done < limit; offset += PAGE) {
            List<Map<String, String>> rows = page(column, offset);
            for (Map<String, String> row : rows) {
                if (done >= limit) {
                    break;
                }
                String old = column.sealed(row);
                if (old == null) {
                    continue;
                }
                Optional<String> resealed = column.resealed(box, row, old);
                if (resealed.isPresent() && jdbi.withHandle(h -> compareAndSet(h, column, row, old, resealed.get()))) {
                    done++;
                }
            }
            if (rows.size() < PAGE) {
                break;
            }
        }
        return done;
    }

    private List<Map<String, String>> page(Column column, int offset) {
        String keys = String.join(", ", column.keys());
        return jdbi.withHandle(h -> h.createQuery("SELECT " + keys + ", " + column.column() + " FROM " + column.table()
                        + " WHERE " + column.column() + " IS NOT NULL ORDER BY " + keys + " LIMIT " + PAGE + " OFFSET " + offset)
                .map((rs, ctx) -> {
                    Map<String, String> row = new java.util.HashMap<>();
                    for (String key : column.keys()) {
                        row.put(key, rs.getString(key));
                    }
                    row.put(column.column(), rs.getString(column.column()));
                    return row;
                }).list());
    }

    private static boolean compareAndSet(Handle h, Column column, Map<String, String> row, String old, String resealed) {
        String where = column.keys().stream().map(k -> k + " = :" + k).collect(Collectors.joining(" AND "));
        var update = h.createUpdate("UPDATE " + column.table() + " SET " + column.column() + " = :resealed WHERE " + where
                + " AND " + column.column() + " = :old").bind("resealed", resealed).bind("old", old);
        column.keys().forEach(k -> update.bind(k, row.get(k)));
        return update.execute() == 1;
    }

    /** IdP secrets live in the provider's document, under SealedSecrets (see JdbcIdentityProviderStore). */
    private int resealProviderSecrets(int limit) {
        int done = 0;
        for (Map<String, String> row : providers()) {
            if (done >= limit) {
                break;
            }
            Map<String, Optional<String>> resealed = providerResealed(row);
            if (resealed.values().stream().noneMatch(Optional::isPresent)) {
                continue;
            }
            ObjectNode doc = (ObjectNode) read(row.get("doc"));
            ObjectNode sealed = (ObjectNode) doc.get("SealedSecrets");
            resealed.forEach((key, value) -> value.ifPresent(v -> sealed.put(key, v)));
            String newDoc = Docs.write(doc);
            boolean swapped = jdbi.withHandle(h -> h.createUpdate("UPDATE identity_providers SET doc = :new "
                            + "WHERE pool_id = :pool AND name = :name AND doc = :old")
                    .bind("new", newDoc).bind("pool", row.get("pool_id")).bind("name", row.get("name"))
                    .bind("old", row.get("doc")).execute() == 1);
            if (swapped) {
                done += (int) resealed.values().stream().filter(Optional::isPresent).count();
            }
        }
        return done;
    }

    private Map<String, Optional<String>> providerResealed(Map<String, String> row) {
        Map<String, Optional<String>> out = new java.util.LinkedHashMap<>();
        JsonNode sealed = read(row.get("doc")).get("SealedSecrets");
        if (sealed instanceof ObjectNode secrets) {
            secrets.properties().forEach(e -> out.put(e.getKey(), box.resealed(e.getValue().asText(),
                    "idp-secret:" + row.get("pool_id") + ":" + row.get("name") + ":" + e.getKey())));
        }
        return out;
    }

    private List<Map<String, String>> providers() {
        return jdbi.withHandle(h -> h.createQuery("SELECT pool_id, name, doc FROM identity_providers ORDER BY pool_id, name")
                .map((rs, ctx) -> Map.of("pool_id", rs.getString("pool_id"), "name", rs.getString("name"),
                        "doc", rs.getString("doc"))).list());
    }

    private static JsonNode read(String doc) {
        try {
            return Docs.MAPPER.readTree(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an identity provider's stored document is not JSON", e);
        }
    }
}
