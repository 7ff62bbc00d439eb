package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.SmsOtp;
import dev.cognate.authn.Passkeys;
import dev.cognate.authn.MfaSummary;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.pools.UserPool;
import dev.cognate.store.UserStore;
import dev.cognate.tokens.AccessTokenVerifier;
import dev.cognate.users.User;
import dev.cognate.users.Usernames;
import java.util.ArrayList;
import java.util.List;

/**
 * GetUserAuthFactors (the user's access token) and AdminGetUserAuthFactors (signed): the user's
 * MFA settings and the first factors they have for a choice-based sign-in (USER_AUTH).
 */
public final class AuthFactorOperations implements OperationFamily {
    private final UserPoolOperations pools;
    private final UserStore users;
    private final SoftwareTokenMfa mfa;
    private final EmailOtp emailOtp;
    private final SmsOtp smsOtp;
    private final SignedInUsers signedIn;
    private final Passkeys passkeys;

    /** @param passkeys the users' passkeys (WEB_AUTHN among the configured factors); null: none */
    public AuthFactorOperations(UserPoolOperations pools, UserStore users, SoftwareTokenMfa mfa, EmailOtp emailOtp,
                                SmsOtp smsOtp, AccessTokenVerifier accessTokens, Passkeys passkeys) {
        this.passkeys = passkeys;
        this.smsOtp = smsOtp;
        this.pools = pools;
        this.users = users;
        this.mfa = mfa;
        this.emailOtp = emailOtp;
        this.signedIn = new SignedInUsers(accessTokens);
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("GetUserAuthFactors", GetUserAuthFactorsRequest.class, this::get);
        registry.signed("AdminGetUserAuthFactors", AdminGetUserAuthFactorsRequest.class, this::adminGet);
    }

    public record GetUserAuthFactorsRequest(String accessToken) {
        @Override
        public String toString() {
            return "GetUserAuthFactorsRequest";
        }
    }

    public record AdminGetUserAuthFactorsRequest(String userPoolId, String username) {}

    /** AWS GetUserAuthFactorsResponse (and its admin twin's, the same shape). */
    public record UserAuthFactorsResponse(String username, String preferredMfaSetting, List<String> userMFASettingList,
                                          List<String> configuredUserAuthFactors) {}

    private Object get(GetUserAuthFactorsRequest r, Caller caller) {
        User user = signedIn.user(r.accessToken());
        return factors(pools.existing(user.poolId()), user);
    }

    private Object adminGet(AdminGetUserAuthFactorsRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Validate.requiredString(r.username(), "username", 1, 128);
        User user = users.find(pool.id(), Usernames.key(pool, r.username())).orElseThrow(AwsException::userNotFound);
        return factors(pool, user);
    }

    /**
     * ConfiguredUserAuthFactors: PASSWORD for a user with one; EMAIL_OTP and SMS_OTP where the pool
     * allows them and there is a verified address or number; WEB_AUTHN for a user with a passkey.
     */
    private UserAuthFactorsResponse factors(UserPool pool, User user) {
        MfaSummary mfaFactors = MfaSummary.of(mfa, emailOtp, smsOtp, user);
        List<String> configured = new ArrayList<>();
        if (user.passwordHash() != null) {
            configured.add(UserAuthFlow.PASSWORD);
        }
        if (UserAuthFlow.allowedFirstFactors(pool).contains(UserAuthFlow.EMAIL_OTP)
                && EmailOtp.destination(user).isPresent()) {
            configured.add(UserAuthFlow.EMAIL_OTP);
        }
        if (UserAuthFlow.allowedFirstFactors(pool).contains(UserAuthFlow.SMS_OTP)
                && SmsOtp.verifiedDestination(user).isPresent()) {
            configured.add(UserAuthFlow.SMS_OTP);
        }
        if (passkeys != null && UserAuthFlow.allowedFirstFactors(pool).contains(UserAuthFlow.WEB_AUTHN)
                && !passkeys.of(user).isEmpty()) {
            configured.add(UserAuthFlow.WEB_AUTHN);
        }
        return new UserAuthFactorsResponse(user.username(), mfaFactors.preferred(), mfaFactors.enabled(), configured);
    }
}
