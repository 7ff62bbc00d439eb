package dev.cognate.admin;

import dev.cognate.authn.MfaSummary;
import java.util.List;

/**
 * One of the legacy MFAOptions (Cognito's MFAOptionType): a medium and the attribute it goes to.
 * SetUserSettings takes them; GetUser and AdminGetUser show the one SMS MFA has.
 */
public record MfaOptionType(String deliveryMedium, String attributeName) {
    private static final List<MfaOptionType> SMS = List.of(new MfaOptionType("SMS", "phone_number"));

    /** What GetUser shows: the SMS option where text-message MFA is on, else nothing (the member is absent). */
    public static List<MfaOptionType> of(MfaSummary factors) {
        return factors.enabled() != null && factors.enabled().contains(MfaSummary.SMS_MFA) ? SMS : null;
    }
}
