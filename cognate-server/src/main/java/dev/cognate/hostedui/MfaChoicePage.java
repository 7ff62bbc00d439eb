package dev.cognate.hostedui;

import dev.cognate.authn.SecondFactors.Factor;
import java.util.List;

/**
 * The page where a user picks a second factor of {@code factors}: with {@code setup}, the one to
 * set up (a pool that requires MFA and offers more than one, the API's MFA_SETUP); otherwise the
 * one to answer now, for a user with several (an authenticator app, texted or e-mailed codes),
 * none preferred (SELECT_MFA_TYPE).
 */
public record MfaChoicePage(String appName, String csrfToken, String signIn, boolean setup, List<Factor> factors,
                            String error) {
    public MfaChoicePage {
        factors = List.copyOf(factors);
    }

    public boolean app() {
        return factors.contains(Factor.SOFTWARE_TOKEN_MFA);
    }

    public boolean sms() {
        return factors.contains(Factor.SMS_MFA);
    }

    public boolean email() {
        return factors.contains(Factor.EMAIL_OTP);
    }
}
