package dev.cognate.authn;

import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.SrpVerifierStore;
import dev.cognate.users.User;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The SRP verifier (salt and v = g^x) of each user's password, kept sealed with the master key
 * whenever a password is set, and at a password sign-in for users whose password predates it.
 * Each verifier is bound to the password hash it goes with: a password set elsewhere without
 * a new verifier makes the old one stale, never a second valid password.
 */
public final class SrpVerifiers {
    static final String CONTEXT = "srp-verifier:";
    private static final String VERSION = "v1";

    /** The salt and verifier of a user's current password. */
    public record Verifier(BigInteger salt, BigInteger v) {}

    private final SrpVerifierStore store;
    private final SecretBox box;

    public SrpVerifiers(SrpVerifierStore store, SecretBox box) {
        this.store = store;
        this.box = box;
    }

    /** Keeps the verifier of {@code password}, which {@code user} (as stored) now has. */
    public void remember(User user, String password) {
        if (user.passwordHash() == null || password == null) {
            return;
        }
        BigInteger salt = Srp.randomSalt();
        BigInteger v = Srp.verifier(Srp.poolName(user.poolId()), user.username(), password, salt);
        String plain = String.join(":", VERSION, Srp.hex(salt), Srp.hex(v), Hashes.sha256Hex(user.passwordHash()));
        store.put(user.poolId(), user.username(), box.seal(plain, context(user)));
    }

    /** Keeps the verifier of {@code password} unless the user already has one for it. */
    public void rememberIfMissing(User user, String password) {
        if (of(user).isEmpty()) {
            remember(user, password);
        }
    }

    /** The verifier of the user's current password; empty when none was kept for it. */
    public Optional<Verifier> of(User user) {
        if (user.passwordHash() == null) {
            return Optional.empty();
        }
        return store.find(user.poolId(), user.username()).flatMap(sealed -> {
            String[] parts;
            try {
                parts = box.open(sealed, context(user)).split(":");
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            if (parts.length != 4 || !parts[0].equals(VERSION)
                    || !parts[3].equals(Hashes.sha256Hex(user.passwordHash()))) {
                return Optional.empty();
            }
            return Optional.of(new Verifier(new BigInteger(parts[1], 16), new BigInteger(parts[2], 16)));
        });
    }

    private static String context(User user) {
        return CONTEXT + user.poolId() + ":" + user.username();
    }
}
