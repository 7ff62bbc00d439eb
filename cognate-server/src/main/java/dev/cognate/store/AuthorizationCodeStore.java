package dev.cognate.store;

import dev.cognate.store.AuthorizationCode;
import java.time.Instant;

/** Authorization codes, kept as hashes; redeemed at most once across every node. */
public interface AuthorizationCodeStore {

    /** What redeeming a code found. */
    sealed interface Redemption {
        /** This caller won the code: it is now consumed for everyone. */
        record Redeemed(AuthorizationCode code) implements Redemption {}

        /** The code was redeemed before: a replay (its tokens should be revoked). */
        record Replayed(String poolId, String originJti) implements Redemption {}

        /** No such code, or it expired unredeemed. */
        record Unknown() implements Redemption {}
    }

    void save(String codeHash, AuthorizationCode code);

    /** Atomically consumes the code: exactly one concurrent caller gets {@link Redemption.Redeemed}. */
    Redemption redeem(String codeHash, Instant now);

    /** Forgets codes that expired before {@code before}. */
    int purgeExpired(Instant before);
}
