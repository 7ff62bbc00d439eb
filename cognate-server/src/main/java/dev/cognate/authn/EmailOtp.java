package dev.cognate.authn;

import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.authn.VerificationCodes.Issued;
import dev.cognate.authn.VerificationCodes.Purpose;
import dev.cognate.pools.MfaFactors;
import dev.cognate.pools.UserPool;
import dev.cognate.store.MfaPreferenceStore;
import dev.cognate.store.MfaFactorStore;
import dev.cognate.users.User;
import dev.cognate.users.UserStatus;
import java.util.Optional;

/**
 * Codes mailed at sign-in (Cognito's EMAIL_OTP): as the first factor of a choice-based sign-in
 * or as the second factor after a password. Always to the user's verified e-mail address (a code
 * to an unverified one would sign in whoever typed that address in), except while e-mail MFA is
 * set up, when the code goes to the address being set up and proves only that. The code is a
 * {@link VerificationCodes} code: eight digits, kept as a keyed hash, three minutes, used once,
 * a few guesses each, a few codes an hour.
 */
public final class EmailOtp {
    static final String DEFAULT_MESSAGE = "Your sign-in code is {####}. ";
    static final String DEFAULT_SUBJECT = "Your sign-in code";

    /** How asking for a code ended. */
    public sealed interface Sent {
        record Delivered(CodeDestination destination) implements Sent {}

        /** Too many codes sent to this user lately. */
        record Limited() implements Sent {}

        /** The user has no verified e-mail address. */
        record NoAddress() implements Sent {}
    }

    /** A user's EMAIL_OTP second-factor settings as GetUser shows them. */
    public record Settings(boolean enabled, boolean preferred) {}

    private final VerificationCodes codes;
    private final CodeSender sender;
    private final MfaFactorStore factors;
    private final MfaPreferenceStore preferences;

    public EmailOtp(VerificationCodes codes, CodeSender sender, MfaFactorStore factors, MfaPreferenceStore preferences) {
        this.codes = codes;
        this.sender = sender;
        this.factors = factors;
        this.preferences = preferences;
    }

    /** The user's verified e-mail address, the only place sign-in codes go. */
    public static Optional<CodeDestination> destination(User user) {
        return user.attribute("email").filter(v -> !v.isEmpty() && user.isVerified("email"))
                .map(v -> CodeDestination.of("email", v));
    }

    /**
     * Whether a mailed code may be the user's whole sign-in (USER_AUTH's EMAIL_OTP): only a
     * CONFIRMED, enabled user. A code must not skip what a password sign-in would demand (a new
     * password, a reset, a confirmation), nor sign in a user of an external IdP, whose IdP does.
     */
    public static boolean mayBeFirstFactor(User user) {
        return user.enabled() && user.status() == UserStatus.CONFIRMED;
    }

    /** A new code mailed to the user (replacing any earlier one), in the words of the pool's EmailMfaConfiguration. */
    public Sent send(UserPool pool, User user, String clientId) {
        Optional<CodeDestination> destination = destination(user);
        if (destination.isEmpty()) {
            return new Sent.NoAddress();
        }
        return send(pool, user, destination.get(), null, clientId);
    }

    /**
     * A new code mailed to {@code address}, the address e-mail MFA is being set up with (MFA_SETUP
     * answered with EMAIL), whether or not it is the user's yet: only {@link #checkSentTo} with
     * that address takes the code, so it proves that address and nothing else.
     */
    public Sent sendTo(UserPool pool, User user, String address, String clientId) {
        return send(pool, user, CodeDestination.of("email", address), address, clientId);
    }

    private Sent send(UserPool pool, User user, CodeDestination destination, String pendingAddress, String clientId) {
        return switch (codes.issueSentTo(user, Purpose.SIGN_IN_EMAIL_OTP, "email", pendingAddress)) {
            case Issued.Limited limited -> new Sent.Limited();
            case Issued.Code code -> {
                MfaFactors.EmailMfaConfiguration words = configuration(pool).orElse(null);
                sender.sendWith(pool, user, destination, code.code(),
                        words == null || words.message() == null ? DEFAULT_MESSAGE : words.message(),
                        words == null || words.subject() == null ? DEFAULT_SUBJECT : words.subject(), clientId);
                yield new Sent.Delivered(destination);
            }
        };
    }

    /**
     * Checks a code sent to the user's verified address and, when right, uses it up (once, on
     * any node). A code sent to an address being set up is a wrong code here.
     */
    public Checked check(User user, String code) {
        return codes.consumeSentTo(user, Purpose.SIGN_IN_EMAIL_OTP, code, null);
    }

    /** As {@link #check}, for a code that {@link #sendTo} mailed to {@code address}. */
    public Checked checkSentTo(User user, String code, String address) {
        return codes.consumeSentTo(user, Purpose.SIGN_IN_EMAIL_OTP, code, address);
    }

    /** Whether the pool offers e-mail codes as a second factor (SetUserPoolMfaConfig's EmailMfaConfiguration, MFA on). */
    public boolean offeredAsMfa(UserPool pool) {
        return !"OFF".equals(pool.mfaConfiguration()) && configuration(pool).isPresent();
    }

    private Optional<MfaFactors.EmailMfaConfiguration> configuration(UserPool pool) {
        return factors.find(pool.id()).map(MfaFactors::emailMfaConfiguration);
    }

    public Settings settings(User user) {
        return preferences.find(user.poolId(), user.username())
                .map(p -> new Settings(p.enabled(), p.enabled() && p.preferred()))
                .orElse(new Settings(false, false));
    }

    public void setPreference(User user, boolean enabled, boolean preferred) {
        preferences.set(user.poolId(), user.username(), enabled, enabled && preferred);
    }

    /** Whether a password sign-in of this user owes an e-mail code: enabled, offered by the pool, an address to send to. */
    public boolean dueAsMfa(UserPool pool, User user) {
        return settings(user).enabled() && offeredAsMfa(pool) && destination(user).isPresent();
    }
}
