package dev.cognate.store;

import dev.cognate.users.User;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A sign-in in progress (after Dex's AuthRequest): an authorization request that passed every
 * check of {@code /oauth2/authorize}, the browser it is bound to, and the step the user is at.
 * Each interaction (password page, new-password page, an upstream IdP) moves it on; it ends
 * once, when the app gets its answer.
 *
 * @param responseType       {@code code}, or {@code token} for the implicit flow
 * @param scopes             the scopes granted, in request order
 * @param prompt             the {@code prompt} values asked for
 * @param identityProvider   the IdP the app chose ({@code identity_provider}, {@code idp_identifier}), or null
 * @param browserBindingHash the hash of the browser's binding cookie: every step must come from that browser
 */
public record SignInTransaction(
        String poolId,
        String clientId,
        String redirectUri,
        String responseType,
        List<String> scopes,
        String state,
        String nonce,
        String codeChallenge,
        List<String> prompt,
        String loginHint,
        String identityProvider,
        String browserBindingHash,
        Step step,
        Instant createdAt,
        Instant expiresAt) {

    public SignInTransaction {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(browserBindingHash, "browserBindingHash");
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        prompt = prompt == null ? List.of() : List.copyOf(prompt);
        step = step == null ? Step.START : step;
    }

    /**
     * Where the user is: at the sign-in page, asked for a new password, away at an upstream IdP,
     * signed up and asked for the confirmation code ({@code username} the new user's), or asked
     * for a password-reset code ({@code username} the name as typed, which may be no user's), or,
     * the password proven, asked for a TOTP code or to enrol an authenticator app first, for the
     * code mailed to them ({@code EMAIL_OTP}), or to choose between those two ({@code SELECT_MFA_TYPE});
     * in a pool that requires MFA and offers e-mailed codes, a user with no factor chooses what to
     * set up ({@code MFA_SETUP}), gives an address ({@code EMAIL_SETUP}) and answers the code mailed
     * to it ({@code EMAIL_SETUP_CODE}, the address in {@code pendingEmail} until the code holds);
     * or, signing in without a password, asked for the code mailed or texted to them ({@code EMAIL_SIGN_IN},
     * {@code SMS_SIGN_IN},
     * where a name that got no code has the name as typed and {@link #NO_USER} as its sub).
     * {@code sub}: the sub of the user whose password was proven (steps from NEW_PASSWORD on), so a
     * user deleted and created again under the same name is not the step's user; null in other
     * steps and in steps stored before it was carried, which are then held to the username only.
     */
    public record Step(Kind kind, String username, String providerName, String upstreamNonce,
                       String upstreamVerifier, Instant since, String pendingEmail, String sub) {
        public static final Step START = new Step(Kind.SIGN_IN, null, null, null, null, null);
        /** The sub of a step that is no user's: no user's sub equals it, so no user may go on from it. */
        public static final String NO_USER = "-";

        public enum Kind { SIGN_IN, NEW_PASSWORD, UPSTREAM, CONFIRM_SIGN_UP, RESET_PASSWORD, TOTP, TOTP_SETUP, EMAIL_OTP,
            SELECT_MFA_TYPE, MFA_SETUP, EMAIL_SETUP, EMAIL_SETUP_CODE, EMAIL_SIGN_IN, SMS_MFA, SMS_SIGN_IN }

        public Step(Kind kind, String username, String providerName, String upstreamNonce, String upstreamVerifier,
                    Instant since) {
            this(kind, username, providerName, upstreamNonce, upstreamVerifier, since, null, null);
        }

        /** The step of {@code user} (by name and sub) since {@code since}. */
        public static Step of(Kind kind, User user, Instant since, String pendingEmail) {
            return new Step(kind, user.username(), null, null, null, since, pendingEmail, user.sub());
        }

        /** Whether {@code user}, found by the step's username, is the step's user and may go on. */
        public boolean isFor(User user) {
            return user.enabled() && user.username().equals(username) && (sub == null || sub.equals(user.sub()));
        }

        @Override
        public String toString() {
            return "Step[" + kind + (providerName == null ? "" : " " + providerName) + "]";
        }
    }

    public SignInTransaction at(Step next) {
        return new SignInTransaction(poolId, clientId, redirectUri, responseType, scopes, state, nonce, codeChallenge,
                prompt, loginHint, identityProvider, browserBindingHash, next, createdAt, expiresAt);
    }

    @Override
    public String toString() {
        return "SignInTransaction[poolId=" + poolId + ", clientId=" + clientId + ", " + step + "]";
    }
}
