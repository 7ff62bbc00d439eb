package dev.cognate.store;

import java.util.function.Supplier;

/**
 * Runs a unit of store writes as one transaction: all of them or none, and one commit (on
 * SQLite, one sync of its log instead of one a write). Nothing slow (no network call, no Lambda
 * trigger) belongs in it: the unit holds the store's write lock while it runs.
 */
public interface OneTransaction {
    /** Calls the stores directly, each write committed on its own. */
    OneTransaction NONE = new OneTransaction() {
        @Override
        public <T> T run(Supplier<T> work) {
            return work.get();
        }
    };

    <T> T run(Supplier<T> work);
}
