package dev.cognate.store;

import dev.cognate.federation.UpstreamState;
import java.time.Instant;

/** Upstream sign-in states, kept under the hash of the state value; consumed at most once across every node. */
public interface FederationStateStore {

    /** What consuming a state found. */
    sealed interface Consumption {
        /** This caller won the state: it is now consumed for everyone (it may still have expired: see its expiresAt). */
        record Consumed(UpstreamState state) implements Consumption {}

        /** The state was consumed before: a replayed callback. */
        record Replayed(String poolId, String providerName) implements Consumption {}

        /** No such state (never issued, or purged). */
        record Unknown() implements Consumption {}
    }

    void save(String stateHash, UpstreamState state);

    /** Atomically consumes the state: exactly one concurrent caller gets {@link Consumption.Consumed}. */
    Consumption consume(String stateHash, Instant now);

    /** Forgets states that expired before {@code before}. */
    int purgeExpired(Instant before);
}
