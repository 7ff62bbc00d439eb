package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.MfaOptionType;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.Passkeys;
import dev.cognate.authn.SecondFactors;
import dev.cognate.authn.SmsOtp;
import dev.cognate.authn.SecondFactors.Factor;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.authn.SoftwareTokenMfa.Session;
import dev.cognate.authn.UserDirectory;
import dev.cognate.pools.UserPool;
import dev.cognate.store.UserStore;
import dev.cognate.tokens.AccessTokenVerifier;
import dev.cognate.users.User;
import dev.cognate.users.UserStatus;
import dev.cognate.users.Usernames;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.regex.Pattern;

/**
 * TOTP set-up and the MFA preference: AssociateSoftwareToken and VerifySoftwareToken (with the
 * user's access token, or with the MFA_SETUP session of a sign-in), SetUserMFAPreference and its
 * signed twin AdminSetUserMFAPreference (TOTP and e-mail codes, at most one preferred; and passkey
 * MFA, which never is: a passkey is a first factor that may also satisfy MFA).
 * Association and verification need a pool that offers TOTP ({@link SecondFactors#canSetUp}).
 * Users of an external IdP have no second factor here: their IdP signs them in.
 */
public final class SoftwareTokenOperations implements OperationFamily {
    static final Pattern USER_CODE = Pattern.compile("[0-9]+");

    private final UserPoolOperations pools;
    private final UserStore users;
    private final SoftwareTokenMfa mfa;
    private final SignedInUsers signedIn;
    private final EmailOtp emailOtp;
    private final SmsOtp smsOtp;
    private final SecondFactors secondFactors;
    private final Passkeys passkeys;

    /** @param passkeys the users' passkeys (WebAuthnMfaSettings); null: passkey MFA is refused */
    public SoftwareTokenOperations(UserPoolOperations pools, UserStore users, SoftwareTokenMfa mfa, EmailOtp emailOtp,
                                   SmsOtp smsOtp, AccessTokenVerifier accessTokens, Passkeys passkeys) {
        this.smsOtp = smsOtp;
        this.passkeys = passkeys;
        this.pools = pools;
        this.users = users;
        this.mfa = mfa;
        this.emailOtp = emailOtp;
        this.secondFactors = new SecondFactors(mfa, emailOtp, smsOtp);
        this.signedIn = new SignedInUsers(accessTokens);
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("AssociateSoftwareToken", AssociateSoftwareTokenRequest.class, this::associate);
        registry.unsigned("VerifySoftwareToken", VerifySoftwareTokenRequest.class, this::verify);
        registry.unsigned("SetUserMFAPreference", SetUserMfaPreferenceRequest.class, this::setPreference);
        registry.signed("AdminSetUserMFAPreference", AdminSetUserMfaPreferenceRequest.class, this::adminSetPreference);
        registry.unsigned("SetUserSettings", SetUserSettingsRequest.class, this::setSettings);
        registry.signed("AdminSetUserSettings", AdminSetUserSettingsRequest.class, this::adminSetSettings);
        registry.signed("AdminDeleteSoftwareToken", AdminDeleteSoftwareTokenRequest.class, this::adminDelete);
    }

    public record AssociateSoftwareTokenRequest(String accessToken, String session) {
        @Override
        public String toString() {
            return "AssociateSoftwareTokenRequest";
        }
    }

    public record AssociateSoftwareTokenResponse(String secretCode, String session) {
        @Override
        public String toString() {
            return "AssociateSoftwareTokenResponse";
        }
    }

    public record VerifySoftwareTokenRequest(String accessToken, String session, String userCode,
                                             String friendlyDeviceName) {
        @Override
        public String toString() {
            return "VerifySoftwareTokenRequest";
        }
    }

    public record VerifySoftwareTokenResponse(String status, String session) {
        @Override
        public String toString() {
            return "VerifySoftwareTokenResponse[status=" + status + "]";
        }
    }

    /** AWS SoftwareTokenMfaSettingsType. */
    public record SoftwareTokenMfaSettings(Boolean enabled, Boolean preferredMfa) {}

    /** AWS EmailMfaSettingsType. */
    public record EmailMfaSettings(Boolean enabled, Boolean preferredMfa) {}

    /** AWS SMSMfaSettingsType. */
    public record SmsMfaSettings(Boolean enabled, Boolean preferredMfa) {}

    /** AWS WebAuthnMfaSettingsType: no PreferredMfa, since a passkey is never asked for after another factor. */
    public record WebAuthnMfaSettings(Boolean enabled) {}

    public record SetUserMfaPreferenceRequest(String accessToken,
                                              @JsonProperty("SMSMfaSettings") SmsMfaSettings smsMfaSettings,
                                              SoftwareTokenMfaSettings softwareTokenMfaSettings,
                                              EmailMfaSettings emailMfaSettings, WebAuthnMfaSettings webAuthnMfaSettings) {
        @Override
        public String toString() {
            return "SetUserMFAPreferenceRequest";
        }
    }

    public record AdminSetUserMfaPreferenceRequest(String userPoolId, String username,
                                                   @JsonProperty("SMSMfaSettings") SmsMfaSettings smsMfaSettings,
                                                   SoftwareTokenMfaSettings softwareTokenMfaSettings,
                                                   EmailMfaSettings emailMfaSettings,
                                                   WebAuthnMfaSettings webAuthnMfaSettings) {}

    public record SetUserSettingsRequest(String accessToken,
                                         @JsonProperty("MFAOptions") List<MfaOptionType> mfaOptions) {
        @Override
        public String toString() {
            return "SetUserSettingsRequest";
        }
    }

    public record AdminSetUserSettingsRequest(String userPoolId, String username,
                                              @JsonProperty("MFAOptions") List<MfaOptionType> mfaOptions) {}

    /** One caller: the access token's user, or the user of an MFA_SETUP session (then the next session is the answer's). */
    private record Requester(User user, Session session) {}

    private Object associate(AssociateSoftwareTokenRequest r, Caller caller) {
        Requester who = caller(r.accessToken(), r.session(), MfaFlow.MFA_SETUP);
        consume(who);
        String secret = mfa.associate(who.user());
        String next = who.session() == null ? null : nextSession(who.session(), MfaFlow.MFA_SETUP);
        return new AssociateSoftwareTokenResponse(secret, next);
    }

    private Object verify(VerifySoftwareTokenRequest r, Caller caller) {
        Validate.requiredString(r.userCode(), "userCode", 6, 6);
        Validate.pattern(r.userCode(), "userCode", USER_CODE);
        Requester who = caller(r.accessToken(), r.session(), MfaFlow.MFA_SETUP);
        if (!mfa.verify(who.user(), r.userCode())) {
            throw new AwsException("EnableSoftwareTokenMFAException", "Code mismatch");
        }
        consume(who);
        if (who.session() == null) {
            return new VerifySoftwareTokenResponse("SUCCESS", null);
        }
        // set up during a sign-in: TOTP is on from now, and the sign-in goes on with MFA_SETUP
        mfa.setPreference(who.user(), true, true);
        return new VerifySoftwareTokenResponse("SUCCESS", nextSession(who.session(), MfaFlow.MFA_SETUP_VERIFIED));
    }

    private Object setPreference(SetUserMfaPreferenceRequest r, Caller caller) {
        apply(signedIn.user(r.accessToken()), new Requested(r.smsMfaSettings(), r.softwareTokenMfaSettings(),
                r.emailMfaSettings(), r.webAuthnMfaSettings()));
        return Empty.INSTANCE;
    }

    public record AdminDeleteSoftwareTokenRequest(String userPoolId, String username) {}

    /**
     * A user who lost their authenticator: the token and the TOTP preference are removed, other
     * factors stay; the next sign-in asks for what is left (MFA_SETUP where the pool requires MFA).
     */
    private Object adminDelete(AdminDeleteSoftwareTokenRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Validate.requiredString(r.username(), "username", 1, 128);
        User user = users.find(pool.id(), Usernames.key(pool, r.username())).orElseThrow(AwsException::userNotFound);
        if (!mfa.delete(user)) {
            throw AwsException.resourceNotFound("User " + r.username() + " has no software token.");
        }
        return Empty.INSTANCE;
    }

    private Object adminSetPreference(AdminSetUserMfaPreferenceRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Validate.requiredString(r.username(), "username", 1, 128);
        User user = users.find(pool.id(), Usernames.key(pool, r.username())).orElseThrow(AwsException::userNotFound);
        apply(user, new Requested(r.smsMfaSettings(), r.softwareTokenMfaSettings(), r.emailMfaSettings(),
                r.webAuthnMfaSettings()));
        return Empty.INSTANCE;
    }

    /*
     * SetUserSettings and AdminSetUserSettings configure only SMS MFA in Cognito ("no longer
     * supported" for TOTP and e-mail MFA, which SetUserMFAPreference sets): an SMS option turns
     * it on, an empty list turns it off.
     */
    private Object setSettings(SetUserSettingsRequest r, Caller caller) {
        User user = signedIn.user(r.accessToken());
        boolean sms = smsOptionIn(r.mfaOptions());
        noExternalUser(user);
        applySmsOption(user, sms);
        return Empty.INSTANCE;
    }

    private Object adminSetSettings(AdminSetUserSettingsRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Validate.requiredString(r.username(), "username", 1, 128);
        boolean sms = smsOptionIn(r.mfaOptions());
        User user = users.find(pool.id(), Usernames.key(pool, r.username())).orElseThrow(AwsException::userNotFound);
        applySmsOption(user, sms);
        return Empty.INSTANCE;
    }

    private void applySmsOption(User user, boolean on) {
        if (on == smsOtp.settings(user).enabled()) {
            return;
        }
        apply(user, new Requested(new SmsMfaSettings(on, on ? smsOtp.settings(user).preferred() : false), null, null,
                null));
    }

    /** Whether the options ask for SMS MFA (else they are empty: SMS MFA off). */
    private static boolean smsOptionIn(List<MfaOptionType> options) {
        if (options == null) {
            throw AwsException.invalidParameter("1 validation error detected: Value null at 'mFAOptions' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        boolean sms = false;
        for (MfaOptionType option : options) {
            if (option == null) {
                throw AwsException.invalidParameter("MFAOptions may not contain null.");
            }
            String medium = option.deliveryMedium();
            if (medium != null && !medium.equals("SMS") && !medium.equals("EMAIL")) {
                throw AwsException.invalidParameter("1 validation error detected: Value '" + medium
                        + "' at 'mFAOptions.member.deliveryMedium' failed to satisfy constraint: Member must satisfy "
                        + "enum value set: [SMS, EMAIL]");
            }
            if (option.attributeName() != null) {
                Validate.requiredString(option.attributeName(), "attributeName", 1, 32);
            }
            if ("EMAIL".equals(medium)) {
                throw AwsException.invalidParameter("MFAOptions configure only SMS MFA. "
                        + "Set e-mail MFA with SetUserMFAPreference (EmailMfaSettings).");
            }
            if (option.attributeName() != null && !option.attributeName().equals("phone_number")) {
                throw AwsException.invalidParameter("SMS MFA sends its codes to phone_number, not to "
                        + option.attributeName() + ".");
            }
            sms |= "SMS".equals(medium);
        }
        return sms;
    }

    /** What one SetUserMFAPreference asks for; a factor left out (null) is left as it was. */
    private record Requested(SmsMfaSettings sms, SoftwareTokenMfaSettings totp, EmailMfaSettings email,
                             WebAuthnMfaSettings passkey) {
        boolean empty() {
            return sms == null && totp == null && email == null && passkey == null;
        }
    }

    /**
     * A factor left out is left as it was; preferring one factor un-prefers the others. Passkey
     * MFA needs a pool that lets a passkey be MFA, and another MFA factor on for the user, so a
     * lost passkey does not lock them out (Cognito's WebAuthnMfaSettings).
     */
    private void apply(User user, Requested requested) {
        if (requested.empty()) {
            return;
        }
        noExternalUser(user);
        UserPool pool = pools.existing(user.poolId());
        SmsMfaSettings sms = requested.sms();
        SoftwareTokenMfaSettings totp = requested.totp();
        EmailMfaSettings email = requested.email();
        WebAuthnMfaSettings passkey = requested.passkey();
        boolean smsEnabled = sms != null && Boolean.TRUE.equals(sms.enabled());
        boolean smsPreferred = smsEnabled && Boolean.TRUE.equals(sms.preferredMfa());
        boolean totpEnabled = totp != null && Boolean.TRUE.equals(totp.enabled());
        boolean totpPreferred = totpEnabled && Boolean.TRUE.equals(totp.preferredMfa());
        boolean emailEnabled = email != null && Boolean.TRUE.equals(email.enabled());
        boolean emailPreferred = emailEnabled && Boolean.TRUE.equals(email.preferredMfa());
        if ((smsPreferred ? 1 : 0) + (totpPreferred ? 1 : 0) + (emailPreferred ? 1 : 0) > 1) {
            throw AwsException.invalidParameter("Only one MFA method can be preferred.");
        }
        if (smsEnabled && !smsOtp.offeredAsMfa(pool)) {
            throw AwsException.invalidParameter("SMS MFA is not configured for this user pool.");
        }
        if (smsEnabled && SmsOtp.destination(user).isEmpty()) {
            throw AwsException.invalidParameter("User does not have delivery config set to turn on SMS_MFA");
        }
        if (totpEnabled && !mfa.verified(user)) {
            throw AwsException.invalidParameter("User has not verified software token mfa");
        }
        if (emailEnabled && !emailOtp.offeredAsMfa(pool)) {
            throw AwsException.invalidParameter("Email MFA is not configured for this user pool.");
        }
        if (emailEnabled && EmailOtp.destination(user).isEmpty()) {
            throw AwsException.invalidParameter("User does not have a verified email address.");
        }
        boolean passkeyEnabled = passkey != null && Boolean.TRUE.equals(passkey.enabled());
        if (passkeyEnabled && (passkeys == null || !passkeys.mayBeMfa(pool))) {
            throw AwsException.invalidParameter("Passkey MFA is not configured for this user pool: its "
                    + "WebAuthnConfiguration.FactorConfiguration must be MULTI_FACTOR_WITH_USER_VERIFICATION.");
        }
        if (passkeyEnabled && !(totp != null ? totpEnabled : mfa.settings(user).enabled())
                && !(email != null ? emailEnabled : emailOtp.settings(user).enabled())
                && !(sms != null ? smsEnabled : smsOtp.settings(user).enabled())) {
            throw AwsException.invalidParameter("Passkey MFA needs another MFA method (SMS, software token or email) "
                    + "turned on for the user, so that losing the passkey does not lock them out.");
        }
        if (sms != null) {
            smsOtp.setPreference(user, smsEnabled, smsPreferred);
        }
        if (totp != null) {
            mfa.setPreference(user, totpEnabled, totpPreferred);
        }
        if (passkey != null && passkeys != null) {
            passkeys.setMfa(user, passkeyEnabled);
        }
        if (email != null) {
            emailOtp.setPreference(user, emailEnabled, emailPreferred);
        }
        if (!smsPreferred && smsOtp.settings(user).preferred() && (totpPreferred || emailPreferred)) {
            smsOtp.setPreference(user, true, false);
        }
        if (!totpPreferred && mfa.settings(user).preferred() && (smsPreferred || emailPreferred)) {
            mfa.setPreference(user, true, false);
        }
        if (!emailPreferred && emailOtp.settings(user).preferred() && (smsPreferred || totpPreferred)) {
            emailOtp.setPreference(user, true, false);
        }
    }

    /** The user who associates or verifies a key, in a pool where TOTP can be set up. */
    private Requester caller(String accessToken, String session, String step) {
        if (accessToken != null) {
            User user = signedIn.user(accessToken);
            noExternalUser(user);
            return totpOffered(new Requester(user, null));
        }
        if (session == null || session.isEmpty()) {
            throw AwsException.invalidParameter("Missing required parameter AccessToken or Session");
        }
        Session open = mfa.openSession(session, null, step).orElseThrow(MfaFlow::invalidSession);
        User user = users.find(open.poolId(), userKey(open)).filter(open::isFor).orElseThrow(MfaFlow::invalidSession);
        return totpOffered(new Requester(user, open));
    }

    private Requester totpOffered(Requester who) {
        if (!secondFactors.canSetUp(pools.existing(who.user().poolId())).contains(Factor.SOFTWARE_TOKEN_MFA)) {
            throw new AwsException("SoftwareTokenMFANotFoundException",
                    "Software Token MFA has not been enabled by the userPool.");
        }
        return who;
    }

    /**
     * A session is used once: a second Associate, or a second Verify after a right code, is
     * refused. (A wrong code leaves it usable: the user holds the secret being checked.)
     */
    private void consume(Requester who) {
        if (who.session() != null && !mfa.consume(who.session())) {
            throw MfaFlow.invalidSession();
        }
    }

    private String userKey(Session session) {
        return Usernames.key(pools.existing(session.poolId()), session.username());
    }

    private String nextSession(Session session, String step) {
        return mfa.nextSession(session, step);
    }

    private static void noExternalUser(User user) {
        if (user.status() == UserStatus.EXTERNAL_PROVIDER) {
            throw AwsException.invalidParameter("Users of an external identity provider cannot use software token MFA.");
        }
    }
}
