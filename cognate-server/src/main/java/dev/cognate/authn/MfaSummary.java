package dev.cognate.authn;

import dev.cognate.users.User;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's second factors as GetUser, AdminGetUser and GetUserAuthFactors show them
 * (PreferredMfaSetting and UserMFASettingList; both absent when none is on).
 */
public record MfaSummary(String preferred, List<String> enabled) {
    public static final String SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";
    public static final String EMAIL_OTP = "EMAIL_OTP";

    /** @param email null where e-mail codes are not wired (then only TOTP is shown) */
    public static MfaSummary of(SoftwareTokenMfa totp, EmailOtp email, User user) {
        SoftwareTokenMfa.Settings software = totp.settings(user);
        EmailOtp.Settings mail = email == null ? new EmailOtp.Settings(false, false) : email.settings(user);
        List<String> enabled = new ArrayList<>();
        if (software.enabled()) {
            enabled.add(SOFTWARE_TOKEN_MFA);
        }
        if (mail.enabled()) {
            enabled.add(EMAIL_OTP);
        }
        String preferred = software.preferred() ? SOFTWARE_TOKEN_MFA : mail.preferred() ? EMAIL_OTP : null;
        return new MfaSummary(preferred, enabled.isEmpty() ? null : List.copyOf(enabled));
    }
}
