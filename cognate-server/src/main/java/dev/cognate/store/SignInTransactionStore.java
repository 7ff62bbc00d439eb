package dev.cognate.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Sign-ins in progress, kept (sealed) under the hash of their id. Every change is a
 * compare-and-set on the version, and finishing a sign-in or consuming an IdP's answer succeeds
 * for exactly one caller across every node.
 */
public interface SignInTransactionStore {

    /** A transaction as read, with the version a change must name. */
    record Versioned(String idHash, int version, SignInTransaction transaction) {}

    /** What consuming the state sent to an upstream IdP found. */
    sealed interface UpstreamAnswer {
        /** This caller won the state: the IdP's answer is now used for everyone. */
        record Consumed(Versioned transaction) implements UpstreamAnswer {}

        /** The state was used before (or its sign-in already ended): a replayed answer. */
        record Replayed(String poolId, String providerName) implements UpstreamAnswer {}

        /** No such state: never sent, or long purged. */
        record Unknown() implements UpstreamAnswer {}
    }

    void create(String idHash, SignInTransaction transaction);

    /** The transaction, unless it ended or expired. */
    Optional<Versioned> findOpen(String idHash, Instant now);

    /**
     * Moves the transaction on, if nobody else did since {@code expected} was read and it has
     * not ended. {@code upstreamStateHash} is the hash of the state sent to an IdP, or null.
     */
    boolean advance(Versioned expected, SignInTransaction next, String upstreamStateHash);

    /** Atomically consumes the state sent upstream (the IdP answered with it). */
    UpstreamAnswer consumeUpstream(String upstreamStateHash, Instant now);

    /** Ends the transaction: true for exactly one caller, if it is still open at {@code version}. */
    boolean finish(Versioned expected, Instant now);

    /** Forgets transactions that expired before {@code before}. */
    int purgeExpired(Instant before);
}
