package dev.cognate.authn;

import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a sign-in whose password was proven owes before it ends, by the rules the API and the
 * hosted pages share: the user's one enabled factor, their preferred one of several, a choice
 * (Cognito's SELECT_MFA_TYPE) when they have several and prefer none, or, in a pool that
 * requires MFA, the set-up of a factor the pool offers when they have none.
 */
public final class SecondFactors {
    /** The second factors, in Cognito's order (MFAS_CAN_CHOOSE lists them so). */
    public enum Factor { SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP }

    public sealed interface Due {
        record Nothing() implements Due {}

        record One(Factor factor) implements Due {}

        record Choice(List<Factor> factors) implements Due {}

        /** The pool requires MFA and the user has no factor: one of {@link #canSetUp} is set up first. */
        record Setup() implements Due {}
    }

    private final SoftwareTokenMfa totp;
    private final EmailOtp emailOtp;
    private final SmsOtp smsOtp;

    public SecondFactors(SoftwareTokenMfa totp, EmailOtp emailOtp, SmsOtp smsOtp) {
        this.totp = totp;
        this.emailOtp = emailOtp;
        this.smsOtp = smsOtp;
    }

    public Due due(UserPool pool, User user) {
        List<Factor> factors = enabled(pool, user);
        if (factors.size() == 1) {
            return new Due.One(factors.getFirst());
        }
        if (factors.size() > 1) {
            return preferred(user).filter(factors::contains).<Due>map(Due.One::new)
                    .orElseGet(() -> new Due.Choice(factors));
        }
        return SoftwareTokenMfa.poolRequiresMfa(pool) ? new Due.Setup() : new Due.Nothing();
    }

    /**
     * The factors a user may set up in this pool (Cognito's MFAS_CAN_SETUP): those it offers that
     * a sign-in can set up. Text messages are not among them: they need a phone number, which the
     * user or an administrator gives with the attribute. A pool that requires MFA but offers
     * neither TOTP nor e-mail codes keeps TOTP, so that its users without a phone number are not
     * all locked out of signing in.
     */
    public List<Factor> canSetUp(UserPool pool) {
        List<Factor> factors = new ArrayList<>();
        if (totp.offeredAsMfa(pool)) {
            factors.add(Factor.SOFTWARE_TOKEN_MFA);
        }
        if (emailOtp.offeredAsMfa(pool)) {
            factors.add(Factor.EMAIL_OTP);
        }
        if (factors.isEmpty() && SoftwareTokenMfa.poolRequiresMfa(pool)) {
            factors.add(Factor.SOFTWARE_TOKEN_MFA);
        }
        return factors;
    }

    /**
     * The second factors the user has on, in Cognito's order (text messages where the pool offers
     * them and the user has a number, e-mail codes where it offers them and an address is verified).
     */
    public List<Factor> enabled(UserPool pool, User user) {
        List<Factor> factors = new ArrayList<>();
        if (smsOtp.dueAsMfa(pool, user)) {
            factors.add(Factor.SMS_MFA);
        }
        if (totp.required(user)) {
            factors.add(Factor.SOFTWARE_TOKEN_MFA);
        }
        if (emailOtp.dueAsMfa(pool, user)) {
            factors.add(Factor.EMAIL_OTP);
        }
        return factors;
    }

    public Optional<Factor> preferred(User user) {
        if (totp.settings(user).preferred()) {
            return Optional.of(Factor.SOFTWARE_TOKEN_MFA);
        }
        if (emailOtp.settings(user).preferred()) {
            return Optional.of(Factor.EMAIL_OTP);
        }
        return smsOtp.settings(user).preferred() ? Optional.of(Factor.SMS_MFA) : Optional.empty();
    }
}
