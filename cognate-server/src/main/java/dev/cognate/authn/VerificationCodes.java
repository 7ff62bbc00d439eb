package dev.cognate.authn;

import dev.cognate.users.User;

import dev.cognate.crypto.ConstantTime;
import dev.cognate.store.VerificationCodeStore;
import dev.cognate.store.VerificationCodeStore.StoredCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time codes (six digits, eight for sign-in codes as Cognito's): issued per user and purpose (a new one replaces the old), stored
 * as an HMAC under a key derived from the master key, compared in constant time, used once.
 * Each code allows {@link #MAX_ATTEMPTS} guesses; at most {@link #MAX_SENDS_PER_HOUR} codes
 * are sent per user and purpose in an hour.
 */
public final class VerificationCodes {
    static final int MAX_ATTEMPTS = 5;
    static final int MAX_SENDS_PER_HOUR = 5;
    static final Duration SEND_WINDOW = VerificationCodeStore.SEND_WINDOW;

    /**
     * What a code is for, how long it lives (Cognito: confirmation 24 hours, reset 1 hour, a
     * sign-in code 3 minutes) and its digits.
     */
    public enum Purpose {
        SIGN_UP(Duration.ofHours(24), 6),
        PASSWORD_RESET(Duration.ofHours(1), 6),
        VERIFY_EMAIL(Duration.ofHours(24), 6),
        VERIFY_PHONE_NUMBER(Duration.ofHours(24), 6),
        /** EMAIL_OTP at sign-in: a first factor (USER_AUTH) or the second (MFA). */
        SIGN_IN_EMAIL_OTP(Duration.ofMinutes(3), 8),
        /** SMS_MFA: the texted second factor (six digits, as Cognito's). */
        SIGN_IN_SMS_MFA(Duration.ofMinutes(3), 6),
        /** SMS_OTP: the texted first factor of USER_AUTH (eight digits, as its e-mailed twin). */
        SIGN_IN_SMS_OTP(Duration.ofMinutes(3), 8);

        public final Duration validity;
        public final int digits;

        Purpose(Duration validity, int digits) {
            this.validity = validity;
            this.digits = digits;
        }

        public static Purpose verify(String attribute) {
            return attribute.equals("email") ? VERIFY_EMAIL : VERIFY_PHONE_NUMBER;
        }
    }

    /** The result of asking for a new code. */
    public sealed interface Issued {
        /** @param code the code to send (never logged, never stored in the clear) */
        record Code(String code) implements Issued {
            @Override
            public String toString() {
                return "Code[******]";
            }
        }

        /** Too many codes sent lately. */
        record Limited() implements Issued {}
    }

    /** The result of presenting a code. */
    public sealed interface Checked {
        /**
         * @param attribute    the attribute the code was sent to, or null
         * @param pendingValue the new value of that attribute the code verified, or null for its current value
         */
        record Accepted(String attribute, String pendingValue) implements Checked {
            public Accepted(String attribute) {
                this(attribute, null);
            }
        }

        record Mismatch() implements Checked {}

        /** No live code: never sent, expired, or already used. */
        record Expired() implements Checked {}

        /** This code's guesses are used up; a new code must be requested. */
        record TooManyAttempts() implements Checked {}
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final VerificationCodeStore store;
    private final SecretKeySpec key;
    private final Clock clock;

    public VerificationCodes(VerificationCodeStore store, byte[] masterKey, Clock clock) {
        this.store = store;
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(masterKey, "HmacSHA256"),
                "cognate verification codes v1"), "HmacSHA256");
        this.clock = clock;
    }

    /** A new code for the user, replacing any earlier one, unless too many were sent this hour. */
    public Issued issue(User user, Purpose purpose, String attribute) {
        return issue(user, purpose, attribute, null);
    }

    /**
     * As {@link #issue(User, Purpose, String)}, for a code sent to {@code pendingValue}, a new
     * value of {@code attribute} that takes effect only when the code comes back (null: the
     * code verifies the attribute's current value).
     */
    public Issued issue(User user, Purpose purpose, String attribute, String pendingValue) {
        return issue(user, purpose, attribute, pendingValue, pendingValue);
    }

    /**
     * As {@link #issue(User, Purpose, String, String)}, for a code sent to {@code address} that
     * only {@link #consumeSentTo} with that address takes; the address is kept in the code's
     * keyed hash alone, not in the store.
     */
    public Issued issueSentTo(User user, Purpose purpose, String attribute, String address) {
        return issue(user, purpose, attribute, address, null);
    }

    private Issued issue(User user, Purpose purpose, String attribute, String sentTo, String pendingValue) {
        Instant now = clock.instant();
        Optional<StoredCode> previous = store.find(user.poolId(), user.username(), purpose.name());
        Instant windowStart = now;
        int sends = 1;
        if (previous.isPresent() && previous.get().windowStart().plus(SEND_WINDOW).isAfter(now)) {
            if (previous.get().sends() >= MAX_SENDS_PER_HOUR) {
                return new Issued.Limited();
            }
            windowStart = previous.get().windowStart();
            sends = previous.get().sends() + 1;
        }
        String code = RANDOM.ints(purpose.digits, 0, 10).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining());
        store.save(new StoredCode(user.poolId(), user.username(), purpose.name(),
                hash(user, purpose, code, attribute, sentTo), attribute, 0, sends, windowStart,
                now.plus(purpose.validity), pendingValue));
        return new Issued.Code(code);
    }

    /**
     * Checks {@code presented} and, when right, uses the code up. A guess is counted before the
     * comparison, so parallel guesses cannot exceed the limit; the conditional delete lets one
     * caller (on any node) use a right code.
     */
    public Checked consume(User user, Purpose purpose, String presented) {
        return consume(user, purpose, presented, StoredCode::pendingValue);
    }

    /**
     * As {@link #consume(User, Purpose, String)}, for a code that must have been sent to
     * {@code pendingValue} (null: to the attribute's current value): a code sent elsewhere is a
     * wrong code, counted as a guess.
     */
    public Checked consumeSentTo(User user, Purpose purpose, String presented, String pendingValue) {
        return consume(user, purpose, presented, stored -> pendingValue);
    }

    private Checked consume(User user, Purpose purpose, String presented,
                            Function<StoredCode, String> sentTo) {
        Optional<StoredCode> stored = store.find(user.poolId(), user.username(), purpose.name());
        if (stored.isEmpty() || !stored.get().expiresAt().isAfter(clock.instant())) {
            return new Checked.Expired();
        }
        if (!store.reserveAttempt(user.poolId(), user.username(), purpose.name(), MAX_ATTEMPTS)) {
            // Used up by guesses, or used meanwhile by someone holding the right code.
            return store.find(user.poolId(), user.username(), purpose.name()).isPresent()
                    ? new Checked.TooManyAttempts() : new Checked.Expired();
        }
        String pendingValue = sentTo.apply(stored.get());
        String hash = hash(user, purpose, presented, stored.get().attribute(), pendingValue);
        if (!ConstantTime.equals(stored.get().codeHash(), hash)) {
            return new Checked.Mismatch();
        }
        return store.consume(user.poolId(), user.username(), purpose.name(), hash)
                ? new Checked.Accepted(stored.get().attribute(), pendingValue) : new Checked.Expired();
    }

    /** The attribute the user's live code for {@code purpose} was sent to, if there is such a code. */
    public Optional<String> pendingAttribute(User user, Purpose purpose) {
        return store.find(user.poolId(), user.username(), purpose.name())
                .filter(c -> c.expiresAt().isAfter(clock.instant()))
                .map(StoredCode::attribute);
    }

    /** The new value a live code for {@code purpose} was sent to, if it was sent to one. */
    public Optional<String> pendingValue(User user, Purpose purpose) {
        return store.find(user.poolId(), user.username(), purpose.name())
                .filter(c -> c.expiresAt().isAfter(clock.instant()))
                .map(StoredCode::pendingValue);
    }

    /**
     * The code's keyed hash, bound to the user (by sub too, so a re-created user does not
     * inherit codes) and to the value it was sent to (the attribute's current value, or the
     * pending one): once the current value changes, a code sent to the old address verifies
     * nothing, and a code sent to a pending value verifies that value only.
     */
    private String hash(User user, Purpose purpose, String code, String attribute, String pendingValue) {
        String sentTo = pendingValue != null ? "pending\0" + pendingValue
                : attribute == null ? "" : user.attribute(attribute).orElse("");
        return HexFormat.of().formatHex(hmac(key, user.poolId() + '\0' + user.username() + '\0' + user.sub() + '\0'
                + purpose.name() + '\0' + sentTo + '\0' + code));
    }

    private static byte[] hmac(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
