package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.authn.DeviceSrpChallenge;
import dev.cognate.authn.Devices;
import dev.cognate.authn.EmailMfaSetup;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.SecondFactors;
import dev.cognate.authn.SmsOtp;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.authn.SoftwareTokenMfa.Check;
import dev.cognate.authn.SoftwareTokenMfa.Session;
import dev.cognate.authn.UserDirectory;
import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.clients.AppClient;
import dev.cognate.store.Device;
import dev.cognate.tokens.Amr;
import dev.cognate.tokens.TokenOccasion;
import dev.cognate.users.User;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The second factor after a proven password (USER_PASSWORD_AUTH, SRP, a new password, USER_AUTH
 * with PASSWORD or PASSWORD_SRP): a user with text-message codes on answers SMS_MFA, one with
 * TOTP enabled SOFTWARE_TOKEN_MFA, one with e-mail codes enabled EMAIL_OTP, one with several and
 * none preferred first picks one
 * (SELECT_MFA_TYPE); in a pool where MFA is ON, a user without a factor sets up one the pool
 * offers first (MFA_SETUP: AssociateSoftwareToken and VerifySoftwareToken with the session where
 * it offers TOTP, an e-mail address and the code mailed there where it offers e-mail codes). Every session
 * is single use, bound to its user and client, and expires with the client's AuthSessionValidity.
 * The e-mail code of a choice-based sign-in (USER_AUTH's EMAIL_OTP, a first factor) is answered
 * here too: the same challenge name, told apart by its session's step. The pool's post
 * authentication trigger hears of a sign-in here, once its last factor is proven and before its
 * tokens (as Cognito, after any second factor). The pre authentication trigger heard of the
 * sign-in when it began, before its first factor.
 */
final class MfaFlow {
    static final String SMS_MFA = "SMS_MFA";
    /** USER_AUTH's texted first factor, and the step of its session. */
    static final String SMS_OTP = "SMS_OTP";
    static final String FIRST_FACTOR_SMS_OTP = "USER_AUTH_SMS_OTP";
    static final String SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";
    static final String EMAIL_OTP = "EMAIL_OTP";
    static final String SELECT_MFA_TYPE = "SELECT_MFA_TYPE";
    static final String MFA_SETUP = "MFA_SETUP";
    /** The session VerifySoftwareToken gives during MFA_SETUP, which RespondToAuthChallenge(MFA_SETUP) takes. */
    static final String MFA_SETUP_VERIFIED = "MFA_SETUP_VERIFIED";
    /** The step of an EMAIL_OTP that sets up e-mail MFA during a sign-in (MFA_SETUP answered with EMAIL). */
    static final String MFA_SETUP_EMAIL_OTP = "MFA_SETUP_EMAIL_OTP";
    /** The step of an EMAIL_OTP that is the first (and only) factor of a USER_AUTH sign-in. */
    static final String FIRST_FACTOR_EMAIL_OTP = "USER_AUTH_EMAIL_OTP";
    static final String CODE_MISMATCH = "Invalid code or auth state for the user.";
    static final String DEVICE_SRP_AUTH = "DEVICE_SRP_AUTH";
    static final String DEVICE_PASSWORD_VERIFIER = "DEVICE_PASSWORD_VERIFIER";
    /** Cognito's words for a DEVICE_KEY the user does not have (Amplify forgets its device and signs in again on them). */
    static final String DEVICE_DOES_NOT_EXIST = "Device does not exist.";

    private final SoftwareTokenMfa mfa;
    private final EmailOtp emailOtp;
    private final SmsOtp smsOtp;
    private final UserDirectory directory;
    private final ApiTokens tokens;
    private final SecondFactors secondFactors;
    private final PasswordSignIn signIns;
    private final EmailMfaSetup emailSetup;
    private final Devices devices;
    private final DeviceSrpChallenge deviceSrp;

    /** @param devices the users' devices and {@code deviceSrp} their proof; null: no device tracking */
    MfaFlow(SoftwareTokenMfa mfa, EmailOtp emailOtp, SmsOtp smsOtp, EmailMfaSetup emailSetup, UserDirectory directory,
            ApiTokens tokens, PasswordSignIn signIns, Devices devices, DeviceSrpChallenge deviceSrp) {
        this.smsOtp = smsOtp;
        this.devices = devices;
        this.deviceSrp = deviceSrp;
        this.signIns = signIns;
        this.emailSetup = emailSetup;
        this.mfa = mfa;
        this.emailOtp = emailOtp;
        this.directory = directory;
        this.tokens = tokens;
        this.secondFactors = new SecondFactors(mfa, emailOtp, smsOtp);
    }

    /** The end of a proven sign-in: tokens, or the MFA challenge the user owes first. */
    AuthResponse complete(SignInClient target, User user) {
        return complete(target, user, TokenOccasion.AUTHENTICATION, Map.of());
    }

    /** @param occasion why tokens are issued, and {@code clientMetadata}: for the pool's PreTokenGeneration trigger */
    AuthResponse complete(SignInClient target, User user, TokenOccasion occasion, Map<String, String> clientMetadata) {
        return complete(target, user, occasion, clientMetadata, null);
    }

    /**
     * As above, for a sign-in that named one of the user's devices ({@code deviceKey}, DEVICE_KEY;
     * null for none; ignored where the pool tracks no devices). A device that can prove itself is
     * asked to (DEVICE_SRP_AUTH) when the user owes no second factor, or instead of it when the
     * device is remembered and the pool lets remembered devices skip MFA; otherwise the second
     * factor comes as without a device, and the tokens name the device.
     */
    AuthResponse complete(SignInClient target, User user, TokenOccasion occasion, Map<String, String> clientMetadata,
                          String deviceKey) {
        String device = null;
        Optional<Device> known = Optional.empty();
        if (deviceKey != null && devices != null && Devices.tracked(target.pool())) {
            known = Optional.of(devices.of(user, deviceKey)
                    .orElseThrow(() -> AwsException.resourceNotFound(DEVICE_DOES_NOT_EXIST)));
            device = deviceKey;
        }
        if (known.isPresent() && devices.canProve(known.get()) && standsInForMfa(target, user, known.get())) {
            return AuthResponse.challenge(DEVICE_SRP_AUTH, session(target, user, DEVICE_SRP_AUTH, device),
                    Map.of("USERNAME", user.username()));
        }
        return secondFactorOrTokens(target, user, occasion, clientMetadata, device);
    }

    /**
     * Whether a passwordless first factor (an e-mailed code, a passkey) may stand alone for the
     * user, as Cognito has it: not in a pool that requires MFA, nor for a user who has MFA on.
     */
    boolean passwordlessAllowed(SignInClient target, User user) {
        return !SoftwareTokenMfa.poolRequiresMfa(target.pool()) && factors(target, user).isEmpty();
    }

    /**
     * The end of a custom sign-in (CUSTOM_AUTH) that DefineAuthChallenge let through. A device it
     * named proves itself first (DEVICE_SRP_AUTH) where it would after a password; a custom
     * sign-in asks for no second factor, so otherwise the tokens name the device as they are.
     */
    AuthResponse customAuthDone(SignInClient target, User user, Map<String, String> clientMetadata, String deviceKey) {
        if (deviceKey != null && devices != null && Devices.tracked(target.pool())) {
            Device known = devices.of(user, deviceKey).orElseThrow(() -> AwsException.resourceNotFound(DEVICE_DOES_NOT_EXIST));
            if (devices.canProve(known) && standsInForMfa(target, user, known)) {
                return AuthResponse.challenge(DEVICE_SRP_AUTH, session(target, user, DEVICE_SRP_AUTH, deviceKey),
                        Map.of("USERNAME", user.username()));
            }
        }
        signIns.completed(target.pool(), user, new PasswordSignIn.App(target.clientId(), clientMetadata));
        return tokens.signIn(target, user, TokenOccasion.AUTHENTICATION, clientMetadata, Amr.PASSWORD, deviceKey);
    }

    /** The tokens of a sign-in whose one factor stood alone (a passkey): the post authentication hook hears of it first. */
    AuthResponse firstFactorTokens(SignInClient target, User user, Map<String, String> clientMetadata, List<String> amr) {
        signIns.completed(target.pool(), user, new PasswordSignIn.App(target.clientId(), clientMetadata));
        return tokens.signIn(target, user, TokenOccasion.AUTHENTICATION, clientMetadata, amr);
    }

    /** Whether the user owes no second factor, or the device is remembered where that lets it skip MFA. */
    private boolean standsInForMfa(SignInClient target, User user, Device device) {
        boolean owesMfa = !factors(target, user).isEmpty() || SoftwareTokenMfa.poolRequiresMfa(target.pool());
        return !owesMfa || (device.remembered() && Devices.rememberedDevicesSkipMfa(target.pool()));
    }

    private AuthResponse secondFactorOrTokens(SignInClient target, User user, TokenOccasion occasion,
                                              Map<String, String> clientMetadata, String device) {
        List<String> factors = factors(target, user);
        if (factors.size() == 1) {
            return challenge(target, user, factors.getFirst(), null, device);
        }
        if (factors.size() > 1) {
            // a preference for a factor no longer available (its number removed, its offer withdrawn) is no preference
            Optional<String> preferred = preferred(user).filter(factors::contains);
            if (preferred.isPresent()) {
                return challenge(target, user, preferred.get(), null, device);
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("MFAS_CAN_CHOOSE", jsonList(factors));
            parameters.put("USER_ID_FOR_SRP", user.username());
            return AuthResponse.challenge(SELECT_MFA_TYPE, session(target, user, SELECT_MFA_TYPE, device), parameters);
        }
        if (SoftwareTokenMfa.poolRequiresMfa(target.pool())) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("MFAS_CAN_SETUP", jsonList(canSetUp(target)));
            parameters.put("USER_ID_FOR_SRP", user.username());
            return AuthResponse.challenge(MFA_SETUP, session(target, user, MFA_SETUP, device), parameters);
        }
        signIns.completed(target.pool(), user, new PasswordSignIn.App(target.clientId(), clientMetadata));
        return tokens.signIn(target, user, occasion, clientMetadata, Amr.PASSWORD, device);
    }

    /**
     * DEVICE_SRP_AUTH: USERNAME, DEVICE_KEY (the session's) and the device's SRP_A (and
     * SECRET_HASH), answered with DEVICE_PASSWORD_VERIFIER.
     */
    AuthResponse answerDeviceSrpAuth(SignInClient target, String session, AuthParameters responses) {
        String username = responses.required("USERNAME");
        String deviceKey = responses.required("DEVICE_KEY");
        String srpA = responses.required("SRP_A");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Session open = open(target, session, DEVICE_SRP_AUTH);
        User user = sessionUser(target, open, username);
        Device device = sessionDevice(open, user, deviceKey);
        consume(open);
        AppClient client = target.client();
        int minutes = client.authSessionValidity() == null ? PasswordFlow.DEFAULT_SESSION_MINUTES
                : client.authSessionValidity();
        DeviceSrpChallenge.Challenge challenge = deviceSrp.begin(target.clientId(), user, device, srpA,
                Duration.ofMinutes(minutes)).orElseThrow(() -> AwsException.invalidParameter("Invalid SRP_A value."));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("DEVICE_KEY", device.deviceKey());
        parameters.put("SALT", challenge.salt());
        parameters.put("SECRET_BLOCK", challenge.secretBlock());
        parameters.put("SRP_B", challenge.srpB());
        parameters.put("USERNAME", user.username());
        return AuthResponse.challenge(DEVICE_PASSWORD_VERIFIER, mfa.nextSession(open, DEVICE_PASSWORD_VERIFIER),
                parameters);
    }

    /**
     * DEVICE_PASSWORD_VERIFIER: USERNAME, DEVICE_KEY, PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP and
     * PASSWORD_CLAIM_SIGNATURE (and SECRET_HASH) with the session: the device's proof, and the
     * sign-in's tokens. The session is used up whether the proof holds or not.
     */
    AuthResponse answerDevicePasswordVerifier(SignInClient target, String session, AuthParameters responses,
                                              Map<String, String> clientMetadata) {
        String username = responses.required("USERNAME");
        String deviceKey = responses.required("DEVICE_KEY");
        DeviceSrpChallenge.Claim claim = new DeviceSrpChallenge.Claim(deviceKey,
                responses.required("PASSWORD_CLAIM_SECRET_BLOCK"), responses.required("TIMESTAMP"),
                responses.required("PASSWORD_CLAIM_SIGNATURE"));
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Session open = open(target, session, DEVICE_PASSWORD_VERIFIER);
        User user = sessionUser(target, open, username);
        Device device = sessionDevice(open, user, deviceKey);
        consume(open);
        if (!deviceSrp.proves(target.clientId(), user, device, claim)) {
            throw AwsException.notAuthorized("Incorrect username or password.");
        }
        if (!standsInForMfa(target, user, device)) {
            // forgotten or no longer remembered since the sign-in began: the second factor it stood in for is owed
            return secondFactorOrTokens(target, user, TokenOccasion.AUTHENTICATION, clientMetadata, device.deviceKey());
        }
        signIns.completed(target.pool(), user, new PasswordSignIn.App(target.clientId(), clientMetadata));
        return tokens.signIn(target, user, TokenOccasion.AUTHENTICATION, clientMetadata, Amr.PASSWORD, device.deviceKey());
    }

    /** The session's device, which DEVICE_KEY must name, still the user's and able to prove itself. */
    private Device sessionDevice(Session open, User user, String deviceKey) {
        if (devices == null || open.deviceKey() == null || !open.deviceKey().equals(deviceKey)) {
            throw invalidSession();
        }
        return devices.confirmed(user, deviceKey).filter(devices::canProve)
                .orElseThrow(() -> AwsException.resourceNotFound(DEVICE_DOES_NOT_EXIST));
    }

    /**
     * What a user who owes MFA may set up: what the pool offers ({@link SecondFactors#canSetUp}),
     * e-mail codes at whatever address the user then proves.
     */
    private List<String> canSetUp(SignInClient target) {
        return secondFactors.canSetUp(target.pool()).stream().map(Enum::name).toList();
    }

    /** The second factors the user has on, in Cognito's order. */
    private List<String> factors(SignInClient target, User user) {
        return secondFactors.enabled(target.pool(), user).stream().map(Enum::name).toList();
    }

    private Optional<String> preferred(User user) {
        return secondFactors.preferred(user).map(Enum::name);
    }

    /** The challenge of one factor, in a new session or (from SELECT_MFA_TYPE) the next one of {@code from}. */
    private AuthResponse challenge(SignInClient target, User user, String factor, Session from, String deviceKey) {
        String session = from == null ? session(target, user, factor, deviceKey) : mfa.nextSession(from, factor);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (factor.equals(EMAIL_OTP)) {
            parameters.putAll(mailCode(target, user));
        } else if (factor.equals(SMS_MFA)) {
            parameters.putAll(textCode(target, user));
        }
        parameters.put("USER_ID_FOR_SRP", user.username());
        return AuthResponse.challenge(factor, session, parameters);
    }

    /** Mails the user a code; the challenge parameters that say where it went. */
    Map<String, String> mailCode(SignInClient target, User user) {
        return delivery(emailOtp.send(target.pool(), user, target.clientId()));
    }

    /** Texts the user an SMS_MFA code; the challenge parameters that say where it went. */
    private Map<String, String> textCode(SignInClient target, User user) {
        return delivery(smsOtp.send(target.pool(), user, target.clientId()));
    }

    /**
     * Mails the user an EMAIL_OTP code as USER_AUTH's first factor; the challenge parameters that
     * say where it went. Too many codes lately sends nothing and answers as if sent, as
     * {@link #textSignInCode} does.
     */
    Map<String, String> mailSignInCode(SignInClient target, User user) {
        return switch (emailOtp.send(target.pool(), user, target.clientId())) {
            case EmailOtp.Sent.Limited limited -> EmailOtp.destination(user).map(d -> Map.of(
                    "CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL", "CODE_DELIVERY_DESTINATION", d.masked()))
                    .orElseThrow(() -> AwsException.invalidParameter("User does not have a verified email address."));
            case EmailOtp.Sent sent -> delivery(sent);
        };
    }

    /**
     * Texts the user an SMS_OTP code (USER_AUTH's first factor); the challenge parameters that say
     * where it went. Too many codes lately sends nothing and answers as if sent: a name without a
     * user is never limited, so a limit would tell who exists.
     */
    Map<String, String> textSignInCode(SignInClient target, User user) {
        return switch (smsOtp.sendSignInCode(target.pool(), user, target.clientId())) {
            case SmsOtp.Sent.Limited limited -> SmsOtp.verifiedDestination(user).map(d -> Map.of(
                    "CODE_DELIVERY_DELIVERY_MEDIUM", "SMS", "CODE_DELIVERY_DESTINATION", d.masked()))
                    .orElseThrow(() -> AwsException.invalidParameter("User does not have a phone number."));
            case SmsOtp.Sent sent -> delivery(sent);
        };
    }

    private static Map<String, String> delivery(SmsOtp.Sent sent) {
        return switch (sent) {
            case SmsOtp.Sent.Delivered delivered -> Map.of("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS",
                    "CODE_DELIVERY_DESTINATION", delivered.destination().masked());
            case SmsOtp.Sent.Limited limited ->
                    throw AwsException.limitExceeded("Attempt limit exceeded, please try after some time.");
            case SmsOtp.Sent.NoNumber none -> throw AwsException.invalidParameter("User does not have a phone number.");
        };
    }

    private static Map<String, String> delivery(EmailOtp.Sent sent) {
        return switch (sent) {
            case EmailOtp.Sent.Delivered delivered -> Map.of("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL",
                    "CODE_DELIVERY_DESTINATION", delivered.destination().masked());
            case EmailOtp.Sent.Limited limited ->
                    throw AwsException.limitExceeded("Attempt limit exceeded, please try after some time.");
            case EmailOtp.Sent.NoAddress none ->
                    throw AwsException.invalidParameter("User does not have a verified email address.");
        };
    }

    /** SELECT_MFA_TYPE: USERNAME and ANSWER (SMS_MFA, SOFTWARE_TOKEN_MFA or EMAIL_OTP, a factor the user has on). */
    AuthResponse answerSelectMfaType(SignInClient target, String session, AuthParameters responses) {
        String username = responses.required("USERNAME");
        String answer = responses.required("ANSWER");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Session open = open(target, session, SELECT_MFA_TYPE);
        User user = sessionUser(target, open, username);
        if (!factors(target, user).contains(answer)) {
            throw AwsException.invalidParameter("Invalid ANSWER for SELECT_MFA_TYPE: the user has " + answer
                    + " not enabled.");
        }
        if (!mfa.consume(open)) {
            throw invalidSession();
        }
        return challenge(target, user, answer, open, open.deviceKey());
    }

    /** SOFTWARE_TOKEN_MFA: USERNAME and SOFTWARE_TOKEN_MFA_CODE (and SECRET_HASH) with the session. */
    AuthResponse answerSoftwareToken(SignInClient target, String session, AuthParameters responses, String source,
                                     Map<String, String> clientMetadata) {
        String username = responses.required("USERNAME");
        String code = responses.required("SOFTWARE_TOKEN_MFA_CODE");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Session open = open(target, session, SOFTWARE_TOKEN_MFA);
        User user = sessionUser(target, open, username);
        if (mfa.answered(open)) {
            throw invalidSession();
        }
        return switch (mfa.check(target.pool(), user, code, source)) {
            case Check.Accepted accepted -> {
                if (!mfa.consume(open)) {
                    throw invalidSession();
                }
                signIns.completed(target.pool(), user, new PasswordSignIn.App(target.clientId(), clientMetadata));
                yield tokens.signIn(target, user, TokenOccasion.AUTHENTICATION, clientMetadata, Amr.PASSWORD_AND_CODE,
                        open.deviceKey());
            }
            case Check.Mismatch mismatch -> throw new AwsException("CodeMismatchException", "Invalid code received for user");
            case Check.Replayed replayed ->
                    throw new AwsException("ExpiredCodeException", "Your software token has already been used once.");
            case Check.Throttled throttled -> throw PasswordFlow.tooManyRequests(throttled.retryAfter());
        };
    }

    /**
     * SMS_MFA: USERNAME and SMS_MFA_CODE (and SECRET_HASH) with the session. A wrong code leaves
     * the session usable until the code's guesses are used up; then (and once the code expired)
     * the sign-in starts over. The first right code also marks the number verified (as Cognito).
     */
    AuthResponse answerSmsMfa(SignInClient target, String session, AuthParameters responses, String source,
                              Map<String, String> clientMetadata) {
        String username = responses.required("USERNAME");
        String code = responses.required("SMS_MFA_CODE");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Session open = open(target, session, SMS_MFA);
        User user = sessionUser(target, open, username);
        if (mfa.answered(open)) {
            throw invalidSession();
        }
        return switch (smsOtp.check(target.pool(), user, code, source)) {
            case SmsOtp.Check.Accepted accepted -> {
                consume(open);
                User signedIn = smsOtp.numberProven(target.pool(), user);
                signIns.completed(target.pool(), signedIn, new PasswordSignIn.App(target.clientId(), clientMetadata));
                yield tokens.signIn(target, signedIn, TokenOccasion.AUTHENTICATION, clientMetadata, Amr.PASSWORD_AND_CODE,
                        open.deviceKey());
            }
            case SmsOtp.Check.Mismatch mismatch -> throw new AwsException("CodeMismatchException", CODE_MISMATCH);
            case SmsOtp.Check.Expired expired -> throw new AwsException("ExpiredCodeException", "Your code has expired.");
            case SmsOtp.Check.TooManyAttempts tooMany -> throw invalidSession();
            case SmsOtp.Check.Throttled throttled -> throw PasswordFlow.tooManyRequests(throttled.retryAfter());
        };
    }

    /**
     * SMS_OTP, USER_AUTH's texted first factor: USERNAME and SMS_OTP_CODE (and SECRET_HASH) with
     * the session. The code is the whole sign-in, so only for a user who may sign in with a code
     * alone (CONFIRMED and enabled, no MFA owed), to the number it went to, still verified.
     */
    AuthResponse answerSmsOtp(SignInClient target, String session, AuthParameters responses,
                              Map<String, String> clientMetadata) {
        String username = responses.required("USERNAME");
        String code = responses.required("SMS_OTP_CODE");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Session open = open(target, session, FIRST_FACTOR_SMS_OTP);
        refuseAsAWrongCodeWhereNothingWasSent(target, open, username);
        User user = sessionUser(target, open, username);
        if (mfa.answered(open) || !passwordlessAllowed(target, user)) {
            throw invalidSession();
        }
        return switch (smsOtp.checkSignInCode(user, code)) {
            case Checked.Accepted accepted -> {
                consume(open);
                signIns.completed(target.pool(), user, new PasswordSignIn.App(target.clientId(), clientMetadata));
                yield tokens.signIn(target, user, TokenOccasion.AUTHENTICATION, clientMetadata, Amr.CODE,
                        open.deviceKey());
            }
            case Checked.Mismatch mismatch -> throw new AwsException("CodeMismatchException", CODE_MISMATCH);
            case Checked.Expired expired -> throw new AwsException("ExpiredCodeException", "Your code has expired.");
            case Checked.TooManyAttempts tooMany -> throw invalidSession();
        };
    }

    /**
     * A first-factor code's session where nothing was sent (a name without a user, or a user who
     * may not sign in with a code alone: not CONFIRMED, disabled) is answered as a wrong code
     * is, so the answer does not tell those names from users who got a code.
     */
    private void refuseAsAWrongCodeWhereNothingWasSent(SignInClient target, Session open, String username) {
        Optional<User> named = directory.find(target.pool(), username);
        if (!named.map(User::username).orElse(username).equals(open.username())) {
            return; // another name than the session's: refused as such (sessionUser)
        }
        boolean nothingSent = open.sub() == null || named.filter(open::isFor).filter(EmailOtp::mayBeFirstFactor).isEmpty();
        if (nothingSent) {
            throw new AwsException("CodeMismatchException", CODE_MISMATCH);
        }
    }

    /**
     * EMAIL_OTP: USERNAME and EMAIL_OTP_CODE (and SECRET_HASH) with the session, after a password
     * (the second factor), while e-mail MFA is set up, or as USER_AUTH's first factor. A wrong
     * code leaves the session usable until the code's guesses are used up; then (and once the
     * code expired) the sign-in starts over. In a set-up, the address is the session's, never the
     * answer's: any EMAIL sent with the code is ignored.
     */
    AuthResponse answerEmailOtp(SignInClient target, String session, AuthParameters responses,
                                Map<String, String> clientMetadata) {
        String username = responses.required("USERNAME");
        String code = responses.required("EMAIL_OTP_CODE");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        if (session == null || session.isEmpty()) {
            throw AwsException.invalidParameter("Missing required parameter Session");
        }
        Optional<Session> second = openOptional(target, session, EMAIL_OTP);
        Optional<Session> setup = second.isPresent() ? Optional.empty() : openOptional(target, session, MFA_SETUP_EMAIL_OTP);
        boolean firstFactor = second.isEmpty() && setup.isEmpty();
        Session open = second.or(() -> setup).orElseGet(() -> open(target, session, FIRST_FACTOR_EMAIL_OTP));
        if (firstFactor) {
            refuseAsAWrongCodeWhereNothingWasSent(target, open, username);
        }
        User user = sessionUser(target, open, username);
        if (mfa.answered(open) || (firstFactor && !EmailOtp.mayBeFirstFactor(user))
                || (setup.isPresent() && (!canSetUp(target).contains(EMAIL_OTP) || open.pendingEmail() == null))) {
            throw invalidSession();
        }
        if (firstFactor && !passwordlessAllowed(target, user)) {
            // MFA turned on since the code was sent: a code alone no longer signs the user in
            throw invalidSession();
        }
        Checked checked = setup.isPresent() ? emailOtp.checkSentTo(user, code, open.pendingEmail())
                : emailOtp.check(user, code);
        return switch (checked) {
            case Checked.Accepted accepted -> {
                User signedIn = setup.isPresent() ? setUpEmail(target, open, user) : consumed(open, user);
                signIns.completed(target.pool(), signedIn, new PasswordSignIn.App(target.clientId(), clientMetadata));
                yield tokens.signIn(target, signedIn, TokenOccasion.AUTHENTICATION, clientMetadata,
                        firstFactor ? Amr.CODE : Amr.PASSWORD_AND_CODE, open.deviceKey());
            }
            case Checked.Mismatch mismatch -> throw new AwsException("CodeMismatchException", CODE_MISMATCH);
            case Checked.Expired expired -> throw new AwsException("ExpiredCodeException", "Your code has expired.");
            case Checked.TooManyAttempts tooMany -> throw invalidSession();
        };
    }

    /**
     * MFA_SETUP: USERNAME (and SECRET_HASH) with the session VerifySoftwareToken gave; or, to set
     * up e-mail codes instead, with the MFA_SETUP session itself and EMAIL, any address (as
     * Amplify's confirmSignIn sends it): a code is mailed there and the EMAIL_OTP challenge
     * follows, whose code makes the address the user's verified e-mail, turns e-mail MFA on and
     * ends the sign-in. Until then the address lives only in the sealed session; the user is unchanged.
     */
    AuthResponse answerMfaSetup(SignInClient target, String session, AuthParameters responses,
                                Map<String, String> clientMetadata) {
        String username = responses.required("USERNAME");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        if (responses.values().containsKey("EMAIL")) {
            return mailSetUpCode(target, open(target, session, MFA_SETUP), username, responses.values().get("EMAIL"));
        }
        if (session != null && openOptional(target, session, MFA_SETUP_VERIFIED).isEmpty()
                && openOptional(target, session, MFA_SETUP).isPresent() && emailOtp.offeredAsMfa(target.pool())) {
            throw AwsException.invalidParameter("Missing required parameter EMAIL");
        }
        Session open = open(target, session, MFA_SETUP_VERIFIED);
        User user = sessionUser(target, open, username);
        if (!mfa.consume(open)) {
            throw invalidSession();
        }
        signIns.completed(target.pool(), user, new PasswordSignIn.App(target.clientId(), clientMetadata));
        return tokens.signIn(target, user, TokenOccasion.AUTHENTICATION, clientMetadata, Amr.PASSWORD_AND_CODE,
                open.deviceKey());
    }

    private AuthResponse mailSetUpCode(SignInClient target, Session open, String username, String email) {
        User user = sessionUser(target, open, username);
        if (!canSetUp(target).contains(EMAIL_OTP)) {
            throw AwsException.invalidParameter("Email MFA cannot be set up for this user.");
        }
        String address = switch (EmailMfaSetup.read(user, email == null ? "" : email)) {
            case EmailMfaSetup.Given.Address given -> given.address();
            case EmailMfaSetup.Given.Invalid invalid -> throw AwsException.invalidParameter(invalid.problem());
        };
        consume(open);
        Map<String, String> parameters = new LinkedHashMap<>(delivery(emailOtp.sendTo(target.pool(), user, address,
                target.clientId())));
        parameters.put("USER_ID_FOR_SRP", user.username());
        return AuthResponse.challenge(EMAIL_OTP, mfa.nextSession(open, MFA_SETUP_EMAIL_OTP, address), parameters);
    }

    /**
     * The code mailed to the session's address came back: the address is the user's verified
     * e-mail and e-mail MFA is on, as TOTP is once VerifySoftwareToken holds. An address that is
     * another user's alias or sign-in name stays theirs; checked only now, after the code, so an
     * MFA_SETUP session cannot tell whose addresses are taken without owning them.
     */
    private User setUpEmail(SignInClient target, Session open, User user) {
        emailSetup.takenFromAnother(target.pool(), user, open.pendingEmail()).ifPresent(attribute -> {
            throw new AwsException("AliasExistsException", "An account with the given " + attribute + " already exists.");
        });
        consume(open);
        User updated = emailSetup.adopt(user, open.pendingEmail()).orElseThrow(MfaFlow::invalidSession);
        emailOtp.setPreference(updated, true, false);
        return updated;
    }

    private User consumed(Session open, User user) {
        consume(open);
        return user;
    }

    /** A new session of {@code user}'s sign-in, bound to their sub as well as their name. */
    String session(SignInClient target, User user, String step) {
        return session(target, user, step, null);
    }

    /** As above, for a sign-in that named one of the user's devices ({@code deviceKey}; null for none). */
    private String session(SignInClient target, User user, String step, String deviceKey) {
        AppClient client = target.client();
        int minutes = client.authSessionValidity() == null ? PasswordFlow.DEFAULT_SESSION_MINUTES
                : client.authSessionValidity();
        return mfa.issueSession(target.pool().id(), client.clientId(), user.username(), user.sub(), step,
                Duration.ofMinutes(minutes), deviceKey);
    }

    /** @param sub the user's sub, or null for a name no user has */
    String session(SignInClient target, String username, String sub, String step) {
        AppClient client = target.client();
        int minutes = client.authSessionValidity() == null ? PasswordFlow.DEFAULT_SESSION_MINUTES
                : client.authSessionValidity();
        return mfa.issueSession(target.pool().id(), client.clientId(), username, sub, step, Duration.ofMinutes(minutes));
    }

    Session open(SignInClient target, String session, String step) {
        if (session == null || session.isEmpty()) {
            throw AwsException.invalidParameter("Missing required parameter Session");
        }
        return openOptional(target, session, step).orElseThrow(MfaFlow::invalidSession);
    }

    Optional<Session> openSession(SignInClient target, String session, String step) {
        return openOptional(target, session, step);
    }

    private Optional<Session> openOptional(SignInClient target, String session, String step) {
        return mfa.openSession(session, target.clientId(), step).filter(s -> s.poolId().equals(target.pool().id()));
    }

    /**
     * USERNAME may be any name of the user, but it must be the session's user: the same name and
     * (in a session that carries it) the same sub, so not another user created under the name since.
     */
    User sessionUser(SignInClient target, Session session, String username) {
        return directory.find(target.pool(), username)
                .filter(session::isFor)
                .orElseThrow(MfaFlow::invalidSession);
    }

    /** Marks the session answered, or refuses a replay. */
    void consume(Session session) {
        if (!mfa.consume(session)) {
            throw invalidSession();
        }
    }

    String nextSession(Session session, String step) {
        return mfa.nextSession(session, step);
    }

    static String jsonList(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    static AwsException invalidSession() {
        return AwsException.notAuthorized(NewPasswordFlow.INVALID_SESSION);
    }
}
