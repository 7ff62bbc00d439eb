package dev.cognate.authn;

import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.authn.VerificationCodes.Issued;
import dev.cognate.authn.VerificationCodes.Purpose;
import dev.cognate.pools.MfaFactors;
import dev.cognate.pools.UserPool;
import dev.cognate.store.MfaFactorStore;
import dev.cognate.store.MfaPreferenceStore;
import dev.cognate.store.UserStore;
import dev.cognate.users.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.cognate.users.Usernames;
import java.util.Map;
import java.util.Optional;

/**
 * Codes texted at sign-in, to the user's phone_number: as the second factor after a password
 * (Cognito's SMS_MFA) or as the first factor of a choice-based sign-in (USER_AUTH's SMS_OTP).
 * For SMS_MFA the number need not be verified, as in Cognito (the code follows a proven password,
 * it does not stand for one), and the first right code marks it verified; SMS_OTP goes to a
 * verified number only, since its code is the whole sign-in. Each code is bound to the number it
 * went to: a code texted to a number the user has since replaced is a wrong code. Three minutes,
 * used once, a few guesses each, a few codes an hour ({@link VerificationCodes}; six digits for
 * SMS_MFA, eight for SMS_OTP). The pool offers SMS_MFA with SetUserPoolMfaConfig's
 * SmsMfaConfiguration; the message goes as every text message does (the pool's CustomSMSSender,
 * else the node's SMS delivery).
 */
public final class SmsOtp {
    static final String DEFAULT_MESSAGE = "Your authentication code is {####}. ";
    private static final String ATTRIBUTE = "phone_number";

    /** How asking for a code ended. */
    public sealed interface Sent {
        record Delivered(CodeDestination destination) implements Sent {}

        /** Too many codes sent to this user lately. */
        record Limited() implements Sent {}

        /** The user has no phone number. */
        record NoNumber() implements Sent {}
    }

    /** How checking an SMS_MFA code ended. */
    public sealed interface Check {
        record Accepted() implements Check {}

        record Mismatch() implements Check {}

        /** No live code: never sent, expired, or used already. */
        record Expired() implements Check {}

        /** The code's guesses are used up: only a new code is checked again. */
        record TooManyAttempts() implements Check {}

        /** Too many wrong codes for this user lately, whatever code they were for: wait. */
        record Throttled(Duration retryAfter) implements Check {}
    }

    /** A user's SMS_MFA settings as GetUser shows them. */
    public record Settings(boolean enabled, boolean preferred) {}

    private final VerificationCodes codes;
    private final CodeSender sender;
    private final MfaFactorStore factors;
    private final MfaPreferenceStore preferences;
    private final UserStore users;
    private final AliasConflicts aliases;
    private final SignInThrottle throttle;
    private final Clock clock;

    public SmsOtp(VerificationCodes codes, CodeSender sender, MfaFactorStore factors, MfaPreferenceStore preferences,
                  UserStore users, SignInThrottle throttle, Clock clock) {
        this.throttle = throttle;
        this.codes = codes;
        this.sender = sender;
        this.factors = factors;
        this.preferences = preferences;
        this.users = users;
        this.aliases = new AliasConflicts(users);
        this.clock = clock;
    }

    /** The user's phone number, where the codes go. */
    public static Optional<CodeDestination> destination(User user) {
        return user.attribute(ATTRIBUTE).filter(v -> !v.isEmpty()).map(v -> CodeDestination.of(ATTRIBUTE, v));
    }

    /** The user's verified phone number, the only place a first-factor code goes. */
    public static Optional<CodeDestination> verifiedDestination(User user) {
        return user.isVerified(ATTRIBUTE) ? destination(user) : Optional.empty();
    }

    /** A new SMS_MFA code texted to the user (replacing any earlier one), in the words of the pool's SmsAuthenticationMessage. */
    public Sent send(UserPool pool, User user, String clientId) {
        return send(pool, user, destination(user), Purpose.SIGN_IN_SMS_MFA, clientId);
    }

    /** A new SMS_OTP code, the first factor of a choice-based sign-in, texted to the user's verified number. */
    public Sent sendSignInCode(UserPool pool, User user, String clientId) {
        return send(pool, user, verifiedDestination(user), Purpose.SIGN_IN_SMS_OTP, clientId);
    }

    private Sent send(UserPool pool, User user, Optional<CodeDestination> destination, Purpose purpose,
                      String clientId) {
        if (destination.isEmpty()) {
            return new Sent.NoNumber();
        }
        return switch (codes.issueSentTo(user, purpose, ATTRIBUTE, destination.get().address())) {
            case Issued.Limited limited -> new Sent.Limited();
            case Issued.Code code -> {
                sender.sendWith(pool, user, destination.get(), code.code(), message(pool), null, clientId);
                yield new Sent.Delivered(destination.get());
            }
        };
    }

    /**
     * Checks an SMS_MFA code against the one texted to the user's current number and, when right,
     * uses it up (once, on any node). Wrong codes are also counted across codes, apart from
     * password failures (as TOTP's): a right password, or a new code, must not give whoever knows
     * the password a fresh set of guesses at six digits. {@code source} is the address failures
     * are throttled by.
     */
    public Check check(UserPool pool, User user, String code, String source) {
        // a space: no username holds one, so no user's password failures share this count
        String key = "sms " + Usernames.key(pool, user.username());
        Optional<Duration> wait = throttle.waitBefore(pool.id(), key, source);
        if (wait.isPresent()) {
            return new Check.Throttled(wait.get());
        }
        String number = destination(user).map(CodeDestination::address).orElse("");
        return switch (codes.consumeSentTo(user, Purpose.SIGN_IN_SMS_MFA, code, number)) {
            case Checked.Accepted accepted -> {
                throttle.succeeded(pool.id(), key);
                yield new Check.Accepted();
            }
            case Checked.Mismatch mismatch -> {
                throttle.failed(pool.id(), key, source);
                yield new Check.Mismatch();
            }
            case Checked.Expired expired -> new Check.Expired();
            case Checked.TooManyAttempts tooMany -> new Check.TooManyAttempts();
        };
    }

    /** As {@link #check}, for an SMS_OTP code: texted to the user's number, which is still verified. */
    public Checked checkSignInCode(User user, String code) {
        String number = verifiedDestination(user).map(CodeDestination::address).orElse("");
        return codes.consumeSentTo(user, Purpose.SIGN_IN_SMS_OTP, code, number);
    }

    /**
     * The user after a right code: their number marked verified (as Cognito), unless it is
     * already, or another user holds it verified as a sign-in alias (that stays theirs). Only
     * that attribute is written, and only while the number is still the one the code went to.
     */
    public User numberProven(UserPool pool, User user) {
        Optional<CodeDestination> number = destination(user);
        if (user.isVerified(ATTRIBUTE) || number.isEmpty()) {
            return user;
        }
        Map<String, String> attributes = AliasConflicts.toMap(user.attributes());
        attributes.put(ATTRIBUTE + "_verified", "true");
        if (aliases.of(pool, user, attributes, false).refused() != null) {
            return user;
        }
        Instant now = clock.instant();
        return users.markVerified(user.poolId(), user.username(), ATTRIBUTE, number.get().address(), now)
                ? user.withAttributes(AliasConflicts.toList(attributes), now) : user;
    }

    /**
     * Whether the pool offers text-message codes as a second factor: MFA on, and SMS among the
     * factors SetUserPoolMfaConfig gave it (SmsMfaConfiguration). A pool given only an
     * SmsConfiguration at CreateUserPool does not ask for them: its users signed in without texted
     * codes before Cognate sent any, and a node may keep text messages in its outbox.
     */
    public boolean offeredAsMfa(UserPool pool) {
        return !"OFF".equals(pool.mfaConfiguration())
                && factors.find(pool.id()).map(MfaFactors::smsMfaConfiguration).isPresent();
    }

    public Settings settings(User user) {
        return preferences.find(user.poolId(), user.username())
                .map(p -> new Settings(p.enabled(), p.enabled() && p.preferred()))
                .orElse(new Settings(false, false));
    }

    public void setPreference(User user, boolean enabled, boolean preferred) {
        preferences.set(user.poolId(), user.username(), enabled, enabled && preferred);
    }

    /**
     * Whether a password sign-in of this user owes a texted code: the pool offers it, the user
     * has a number, and they turned it on, or the pool requires MFA (Cognito: SMS MFA cannot be
     * turned off for a user of such a pool).
     */
    public boolean dueAsMfa(UserPool pool, User user) {
        return offeredAsMfa(pool) && destination(user).isPresent()
                && (settings(user).enabled() || SoftwareTokenMfa.poolRequiresMfa(pool));
    }

    private String message(UserPool pool) {
        String configured = factors.find(pool.id()).map(MfaFactors::smsMfaConfiguration)
                .map(MfaFactors.SmsMfaConfiguration::smsAuthenticationMessage).orElse(null);
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        String pools = pool.smsAuthenticationMessage();
        return pools != null && pools.contains("{####}") ? pools : DEFAULT_MESSAGE;
    }
}
