package dev.cognate.store;

import java.util.function.Supplier;

/**
 * Runs a unit of store calls on one pooled connection: a request that reads four times then
 * waits for the pool once, not four times behind every other request (under load each wait is
 * a new place in the queue, and the unlucky request loses all four).
 */
public interface OneConnection {
    /** Calls the stores directly, each taking its own connection. */
    OneConnection NONE = new OneConnection() {
        @Override
        public <T> T run(Supplier<T> work) {
            return work.get();
        }
    };

    /** {@code work}'s store calls on this thread share one connection; nothing slow (no network) belongs in it. */
    <T> T run(Supplier<T> work);
}
