package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.Passkeys;
import dev.cognate.authn.SmsOtp;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.SoftwareTokenMfa.Session;
import dev.cognate.authn.UserDirectory;
import dev.cognate.crypto.KeyedHash;
import dev.cognate.pools.Policies;
import dev.cognate.pools.UserPool;
import dev.cognate.tokens.Amr;
import dev.cognate.tokens.TokenOccasion;
import dev.cognate.users.User;
import dev.cognate.users.UserStatus;
import dev.cognate.users.Usernames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * USER_AUTH, the choice-based sign-in: USERNAME with PREFERRED_CHALLENGE (PASSWORD with PASSWORD,
 * PASSWORD_SRP with SRP_A, EMAIL_OTP, SMS_OTP or WEB_AUTHN) goes straight to that factor; without one (or with one
 * the user cannot use) the answer is SELECT_CHALLENGE with AvailableChallenges, answered with
 * ANSWER and what that factor takes. The pool's SignInPolicy.AllowedFirstAuthFactors says which
 * factors are offered (PASSWORD alone when it says nothing); PASSWORD covers PASSWORD_SRP.
 * A password proven here goes on to MFA like any password; a mailed or texted code is the whole sign-in.
 * A name no user has is offered the pool's factors and answered like a user's, so the answer
 * does not tell who exists.
 */
final class UserAuthFlow {
    static final String SELECT_CHALLENGE = "SELECT_CHALLENGE";
    static final String PASSWORD = "PASSWORD";
    static final String PASSWORD_SRP = "PASSWORD_SRP";
    static final String EMAIL_OTP = "EMAIL_OTP";
    static final String SMS_OTP = MfaFlow.SMS_OTP;
    static final String WEB_AUTHN = Passkeys.WEB_AUTHN;
    /** The first factors of USER_AUTH, as Cognito's. */
    static final List<String> FIRST_FACTORS = List.of(PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN);
    static final String PASSKEY_REFUSED = "The passkey could not be verified.";

    private final PasswordFlow passwords;
    private final SrpFlow srp;
    private final MfaFlow mfa;
    private final UserDirectory directory;
    private final PasswordSignIn signIns;
    private final Passkeys passkeys;
    private final KeyedHash decoys;

    /**
     * @param passkeys the users' passkeys (WEB_AUTHN); null: no passkey sign-in
     * @param decoys   the keyed hash a name without a user gets its decoy address from
     */
    UserAuthFlow(PasswordFlow passwords, SrpFlow srp, MfaFlow mfa, UserDirectory directory, PasswordSignIn signIns,
                 Passkeys passkeys, KeyedHash decoys) {
        this.passkeys = passkeys;
        this.decoys = decoys;
        this.signIns = signIns;
        this.passwords = passwords;
        this.srp = srp;
        this.mfa = mfa;
        this.directory = directory;
    }

    /**
     * @param session the Session SignUp or ConfirmSignUp answered, to sign the new user in with
     *                ({@link SignUpSessions}); null for an ordinary sign-in
     * @param source  the address failures are throttled by (null: by user only)
     */
    AuthResponse begin(SignInClient target, AuthParameters parameters, String session, String source,
                       Map<String, String> metadata) {
        String username = parameters.required("USERNAME");
        SecretHash.check(target.client(), parameters.optional("SECRET_HASH"), List.of(username));
        if (session != null) {
            return afterSignUp(target, username, session, metadata);
        }
        Optional<User> user = directory.find(target.pool(), username);
        if (user.isEmpty() && "LEGACY".equals(target.client().preventUserExistenceErrors())) {
            throw AwsException.userNotFound();
        }
        List<String> available = offered(target, username, user);
        String preferred = parameters.optional("PREFERRED_CHALLENGE");
        if (preferred != null && !FIRST_FACTORS.contains(preferred)) {
            throw AwsException.invalidParameter("Invalid PREFERRED_CHALLENGE: " + preferred);
        }
        if (preferred != null && available.contains(preferred)) {
            return start(target, username, user, preferred, parameters, source, metadata);
        }
        return AuthResponse.selectChallenge(mfa.session(target, user.map(User::username).orElse(username),
                user.map(User::sub).orElse(null), SELECT_CHALLENGE), available);
    }

    /**
     * The first sign-in of a user just signed up, with the Session of its SignUp or ConfirmSignUp:
     * its first factor is proven already (the confirmation code, or the password given at sign-up),
     * so what follows is what follows a first factor: the tokens, or the second factor the user
     * owes (a pool that requires MFA asks for it to be set up). Used once; for its own user only.
     */
    private AuthResponse afterSignUp(SignInClient target, String username, String session, Map<String, String> metadata) {
        Session open = null;
        for (String step : SignUpSessions.SIGN_IN_STEPS) {
            open = mfa.openSession(target, session, step).orElse(null);
            if (open != null) {
                break;
            }
        }
        if (open == null) {
            throw MfaFlow.invalidSession();
        }
        User user = mfa.sessionUser(target, open, username);
        if (user.status() != UserStatus.CONFIRMED) {
            throw MfaFlow.invalidSession();
        }
        mfa.consume(open);
        signIns.attempting(target.pool(), username, Optional.of(user), target.app(metadata));
        if (mfa.passwordlessAllowed(target, user)) {
            return mfa.firstFactorTokens(target, user, metadata,
                    SignUpSessions.CONFIRMED_BY_CODE.equals(open.step()) ? Amr.CODE : Amr.PASSWORD);
        }
        return mfa.complete(target, user, TokenOccasion.AUTHENTICATION, metadata);
    }

    /** SELECT_CHALLENGE: USERNAME and ANSWER, with PASSWORD or SRP_A for those answers. */
    AuthResponse answer(SignInClient target, String session, AuthParameters responses, String source,
                        Map<String, String> metadata) {
        String username = responses.required("USERNAME");
        String answer = responses.required("ANSWER");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Session open = mfa.open(target, session, SELECT_CHALLENGE);
        Optional<User> user = directory.find(target.pool(), username);
        String name = user.map(User::username).orElse(username);
        if (!name.equals(open.username()) || (user.isPresent() && open.sub() != null
                && !open.sub().equals(user.get().sub()))) {
            throw MfaFlow.invalidSession();
        }
        if (!offered(target, username, user).contains(answer)) {
            throw AwsException.invalidParameter("Invalid ANSWER for SELECT_CHALLENGE: " + answer
                    + " is not available for this user.");
        }
        mfa.consume(open);
        return start(target, username, user, answer, responses, source, metadata);
    }

    /**
     * The chosen factor's first step, where the pre authentication hook hears of the sign-in
     * (once: a SELECT_CHALLENGE answer is what starts a factor): before the password or SRP_A
     * is checked, and before a code is mailed.
     */
    private AuthResponse start(SignInClient target, String username, Optional<User> user, String factor,
                               AuthParameters parameters, String source, Map<String, String> metadata) {
        return switch (factor) {
            case PASSWORD -> passwords.signIn(target, parameters, source, metadata);
            case PASSWORD_SRP -> srp.begin(target, parameters, metadata);
            case EMAIL_OTP -> {
                signIns.attempting(target.pool(), username, user, target.app(metadata));
                yield emailCode(target, username, user);
            }
            case SMS_OTP -> {
                signIns.attempting(target.pool(), username, user, target.app(metadata));
                yield textCode(target, username, user);
            }
            case WEB_AUTHN -> {
                signIns.attempting(target.pool(), username, user, target.app(metadata));
                yield passkeyChallenge(target, username, user);
            }
            default -> throw new IllegalStateException(factor);
        };
    }

    /**
     * WEB_AUTHN: the options for navigator.credentials.get (CREDENTIAL_REQUEST_OPTIONS), whose
     * challenge is derived from the new session's secret id, so it is answered once. A name
     * without a user gets the same shape with no credentials to allow.
     */
    private AuthResponse passkeyChallenge(SignInClient target, String username, Optional<User> user) {
        String name = user.map(User::username).orElse(username);
        String session = mfa.session(target, name, user.map(User::sub).orElse(null), WEB_AUTHN);
        byte[] challenge = Passkeys.challengeOf(mfa.open(target, session, WEB_AUTHN).id());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("CREDENTIAL_REQUEST_OPTIONS", passkeys.requestOptions(target.pool(), user, challenge));
        parameters.put("USERNAME", name);
        return AuthResponse.challenge(WEB_AUTHN, session, parameters);
    }

    /**
     * WEB_AUTHN's answer: USERNAME and CREDENTIAL (AuthenticationResponseJSON) with the session,
     * which is used up whether the passkey proves or not. The passkey is the whole sign-in.
     */
    AuthResponse answerWebAuthn(SignInClient target, String session, AuthParameters responses,
                                Map<String, String> metadata) {
        String username = responses.required("USERNAME");
        String credential = responses.required("CREDENTIAL");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        if (passkeys == null) {
            throw AwsException.invalidParameter("Passkey sign-in is not enabled.");
        }
        Session open = mfa.open(target, session, WEB_AUTHN);
        Optional<User> user = directory.find(target.pool(), username).filter(open::isFor);
        if (user.isEmpty() && !username.equals(open.username())) {
            throw MfaFlow.invalidSession();
        }
        mfa.consume(open);
        boolean asMfa = user.isPresent() && !mfa.passwordlessAllowed(target, user.get());
        boolean passkeyMfa = user.isPresent() && passkeys.isMfa(target.pool(), user.get());
        if (user.isEmpty() || !Passkeys.maySignIn(user.get()) || (asMfa && !passkeyMfa)
                || !passkeys.proves(target.pool(), user.get(),
                Passkeys.challengeOf(open.id()), credential, passkeyMfa)) {
            throw AwsException.notAuthorized(PASSKEY_REFUSED);
        }
        return mfa.firstFactorTokens(target, user.get(), metadata, asMfa ? Amr.PASSKEY_AS_MFA : Amr.PASSKEY);
    }

    /**
     * What a WEB_AUTHN answer for {@code username} proves if the passkey holds, for its sign-in
     * event: a passkey standing in for MFA where the user owes a second factor, else a passkey.
     */
    SignInEvents.Proof passkeyProof(SignInClient target, String username) {
        Optional<User> user = username == null ? Optional.empty() : directory.find(target.pool(), username);
        return user.isPresent() && !mfa.passwordlessAllowed(target, user.get())
                ? SignInEvents.Proof.PASSKEY_AS_MFA : SignInEvents.Proof.PASSKEY;
    }

    /**
     * The first factors offered: {@link #available}, less the passwordless ones (an e-mailed code,
     * a passkey) where they may not stand alone: in a pool that requires MFA, or for a user who
     * has MFA on (Cognito's rule). A passkey stays offered where the pool lets it satisfy MFA
     * (FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION), to every name alike, so the list
     * does not tell who turned passkey MFA on; the answer refuses the others. WEB_AUTHN only where
     * passkeys are wired in.
     */
    private List<String> offered(SignInClient target, String username, Optional<User> user) {
        List<String> offered = new ArrayList<>(available(target.pool(), user));
        if (user.isEmpty() && offered.contains(SMS_OTP) && !decoyHasVerifiedNumber(target, username)) {
            offered.remove(SMS_OTP);
        }
        if (passkeys == null) {
            offered.remove(WEB_AUTHN);
        }
        boolean passwordless = user.map(u -> mfa.passwordlessAllowed(target, u))
                .orElse(!SoftwareTokenMfa.poolRequiresMfa(target.pool()));
        if (!passwordless) {
            offered.remove(EMAIL_OTP);
            offered.remove(SMS_OTP);
            if (passkeys == null || !passkeys.mayBeMfa(target.pool())) {
                offered.remove(WEB_AUTHN);
            }
        }
        return offered;
    }

    private AuthResponse emailCode(SignInClient target, String username, Optional<User> user) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (user.isPresent() && EmailOtp.mayBeFirstFactor(user.get())) {
            parameters.putAll(mfa.mailSignInCode(target, user.get()));
        } else {
            // nothing is sent; the answer looks like a delivery, the same each time for this name
            parameters.put("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL");
            parameters.put("CODE_DELIVERY_DESTINATION", CodeDestination.decoyEmail(decoys, target.pool().id(),
                    Usernames.key(target.pool(), username)));
        }
        String name = user.map(User::username).orElse(username);
        parameters.put("USERNAME", name);
        return AuthResponse.challenge(MfaFlow.EMAIL_OTP, mfa.session(target, name,
                user.map(User::sub).orElse(null), MfaFlow.FIRST_FACTOR_EMAIL_OTP),
                parameters);
    }

    /**
     * Whether a name without a user is offered SMS_OTP: as real users are, some with a verified
     * number and some without, decided by a keyed hash of the name (the same each time), so the
     * offer tells no name from a user's. Offered to every such name, it would tell apart the many
     * users who have no verified number.
     */
    private boolean decoyHasVerifiedNumber(SignInClient target, String username) {
        String seed = decoys.of(target.pool().id() + '\0' + "sms-otp" + '\0' + Usernames.key(target.pool(), username));
        return (java.util.Base64.getUrlDecoder().decode(seed)[0] & 1) == 0;
    }

    /**
     * SMS_OTP's challenge: a code texted to the user's verified number; for a name that may not
     * sign in so (no such user, or not CONFIRMED), nothing is sent and the answer looks the same.
     */
    private AuthResponse textCode(SignInClient target, String username, Optional<User> user) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (user.isPresent() && EmailOtp.mayBeFirstFactor(user.get())) {
            parameters.putAll(mfa.textSignInCode(target, user.get()));
        } else {
            parameters.put("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS");
            parameters.put("CODE_DELIVERY_DESTINATION", CodeDestination.decoyPhone(decoys, target.pool().id(),
                    Usernames.key(target.pool(), username)));
        }
        String name = user.map(User::username).orElse(username);
        parameters.put("USERNAME", name);
        return AuthResponse.challenge(MfaFlow.SMS_OTP, mfa.session(target, name,
                user.map(User::sub).orElse(null), MfaFlow.FIRST_FACTOR_SMS_OTP), parameters);
    }

    /**
     * The first factors this user may choose: those the pool allows, less EMAIL_OTP for a user
     * without a verified address and SMS_OTP for one without a verified phone number (a name no
     * user has is offered every allowed one).
     */
    static List<String> available(UserPool pool, Optional<User> user) {
        List<String> allowed = allowedFirstFactors(pool);
        List<String> available = new ArrayList<>();
        if (allowed.contains(PASSWORD)) {
            available.add(PASSWORD);
            available.add(PASSWORD_SRP);
        }
        if (allowed.contains(EMAIL_OTP) && (user.isEmpty() || EmailOtp.destination(user.get()).isPresent())) {
            available.add(EMAIL_OTP);
        }
        if (allowed.contains(SMS_OTP) && (user.isEmpty() || SmsOtp.verifiedDestination(user.get()).isPresent())) {
            available.add(SMS_OTP);
        }
        // offered whether the user has a passkey or not (and to names without a user): the list tells nothing
        if (allowed.contains(WEB_AUTHN)) {
            available.add(WEB_AUTHN);
        }
        return available;
    }

    /** The pool's SignInPolicy.AllowedFirstAuthFactors, or PASSWORD alone (Cognito's default). */
    static List<String> allowedFirstFactors(UserPool pool) {
        return Policies.allowedFirstAuthFactors(pool.policies());
    }
}
