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
    public static final String SMS_MFA = "SMS_MFA";

    public static MfaSummary of(SoftwareTokenMfa totp, EmailOtp email, SmsOtp sms, User user) {
        SoftwareTokenMfa.Settings software = totp.settings(user);
        EmailOtp.Settings mail = email.settings(user);
        SmsOtp.Settings text = sms.settings(user);
        List<String> enabled = new ArrayList<>();
        if (text.enabled()) {
            enabled.add(SMS_MFA);
        }
        if (software.enabled()) {
            enabled.add(SOFTWARE_TOKEN_MFA);
        }
        if (mail.enabled()) {
            enabled.add(EMAIL_OTP);
        }
        String preferred = software.preferred() ? SOFTWARE_TOKEN_MFA : mail.preferred() ? EMAIL_OTP
                : text.preferred() ? SMS_MFA : null;
        return new MfaSummary(preferred, enabled.isEmpty() ? null : List.copyOf(enabled));
    }
}
