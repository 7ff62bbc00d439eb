package dev.cognate.admin;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operations the admin API knows, by name, and whether each must be SigV4-signed. */
public final class OperationRegistry {

    public record Registered<Q>(String name, Class<Q> requestType, OperationHandler<Q> handler, boolean signed) {}

    private final Map<String, Registered<?>> operations = new HashMap<>();
    private final AdminChanges changes;

    public OperationRegistry() {
        this(null);
    }

    /** A registry whose signed operations that change something are recorded by {@code changes} (null: none). */
    public OperationRegistry(AdminChanges changes) {
        this.changes = changes;
    }

    /** An admin operation: refused unless signed with a configured key. */
    public <Q> void signed(String name, Class<Q> requestType, OperationHandler<Q> handler) {
        add(new Registered<>(name, requestType, changes == null ? handler : changes.observe(name, handler), true));
    }

    /** A public operation that AWS accepts unsigned (InitiateAuth, GetUser, ...). */
    public <Q> void unsigned(String name, Class<Q> requestType, OperationHandler<Q> handler) {
        add(new Registered<>(name, requestType, handler, false));
    }

    public Optional<Registered<?>> find(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    /** Every registered operation, by name. */
    public List<Registered<?>> all() {
        return operations.values().stream().sorted(Comparator.comparing(Registered::name)).toList();
    }

    private void add(Registered<?> op) {
        if (operations.putIfAbsent(op.name(), op) != null) {
            throw new IllegalStateException("operation registered twice: " + op.name());
        }
    }
}
