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
    public enum Factor { SOFTWARE_TOKEN_MFA, EMAIL_OTP }

    public sealed interface Due {
        record Nothing() implements Due {}

        record One(Factor factor) implements Due {}

        record Choice(List<Factor> factors) implements Due {}

        /** The pool requires MFA and the user has no factor: one of {@link #canSetUp} is set up first. */
        record Setup() implements Due {}
    }

    private final SoftwareTokenMfa totp;
    private final EmailOtp emailOtp;

    public SecondFactors(SoftwareTokenMfa totp, EmailOtp emailOtp) {
        this.totp = totp;
        this.emailOtp = emailOtp;
    }

    public Due due(UserPool pool, User user) {
        List<Factor> factors = enabled(pool, user);
        if (factors.size() == 1) {
            return new Due.One(factors.getFirst());
        }
        if (factors.size() > 1) {
            return preferred(user).<Due>map(Due.One::new).orElseGet(() -> new Due.Choice(factors));
        }
        return SoftwareTokenMfa.poolRequiresMfa(pool) ? new Due.Setup() : new Due.Nothing();
    }

    /**
     * The factors a user may set up in this pool (Cognito's MFAS_CAN_SETUP): those it offers. A
     * pool that requires MFA but offers neither (SMS alone, which Cognate cannot send) keeps
     * TOTP, so that its users are not all locked out of signing in.
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

    /** The second factors the user has on (e-mail codes only where the pool offers them and an address is verified). */
    public List<Factor> enabled(UserPool pool, User user) {
        List<Factor> factors = new ArrayList<>();
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
        return emailOtp.settings(user).preferred() ? Optional.of(Factor.EMAIL_OTP) : Optional.empty();
    }
}
