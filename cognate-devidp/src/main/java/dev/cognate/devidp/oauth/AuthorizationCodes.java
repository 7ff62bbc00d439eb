package dev.cognate.devidp.oauth;

import dev.cognate.devidp.crypto.RandomValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Authorization codes: kept as hashes, about ten minutes, single use (an atomic remove). */
final class AuthorizationCodes {
    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** What a code stands for; {@code family} names every refresh token issued from it. */
    record Grant(String clientId, String redirectUri, Scopes scopes, String nonce, String codeChallenge,
                 String codeChallengeMethod, String userId, String tenantId, String sid, Instant authTime,
                 String family, Instant expiresAt) {}

    sealed interface Redemption {
        record Granted(Grant grant) implements Redemption {}

        record AlreadyRedeemed(String family) implements Redemption {}

        record Unknown() implements Redemption {}

        record Expired() implements Redemption {}
    }

    private final Map<String, Grant> live = new ConcurrentHashMap<>();
    private final Map<String, Grant> redeemed = new ConcurrentHashMap<>();
    private final Clock clock;

    AuthorizationCodes(Clock clock) {
        this.clock = clock;
    }

    String issue(Grant grant) {
        Instant now = clock.instant();
        live.values().removeIf(g -> g.expiresAt().isBefore(now));
        redeemed.values().removeIf(g -> g.expiresAt().plus(LIFETIME).isBefore(now));
        String code = "1.A" + RandomValues.token(48);
        live.put(RandomValues.hash(code), grant);
        return code;
    }

    Redemption redeem(String code) {
        String hash = RandomValues.hash(code);
        Grant grant = live.remove(hash);
        if (grant == null) {
            Grant used = redeemed.get(hash);
            return used != null ? new Redemption.AlreadyRedeemed(used.family()) : new Redemption.Unknown();
        }
        redeemed.put(hash, grant);
        if (!clock.instant().isBefore(grant.expiresAt())) {
            return new Redemption.Expired();
        }
        return new Redemption.Granted(grant);
    }
}
