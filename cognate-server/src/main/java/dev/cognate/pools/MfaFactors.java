package dev.cognate.pools;

/**
 * The MFA factors of a pool as SetUserPoolMfaConfig sets them (the pool's MfaConfiguration,
 * OFF/ON/OPTIONAL, lives in {@link UserPool}). The software token and e-mail configurations
 * decide whether the pool offers TOTP and e-mailed codes; SMS is kept and answered only.
 * Absent members are factors not configured.
 */
public record MfaFactors(
        SmsMfaConfiguration smsMfaConfiguration,
        SoftwareTokenMfaConfiguration softwareTokenMfaConfiguration,
        EmailMfaConfiguration emailMfaConfiguration,
        WebAuthnConfiguration webAuthnConfiguration) {

    public static final MfaFactors NONE = new MfaFactors(null, null, null, null);

    public record SmsMfaConfiguration(String smsAuthenticationMessage, SmsConfiguration smsConfiguration) {}

    public record SmsConfiguration(String snsCallerArn, String externalId, String snsRegion) {}

    public record SoftwareTokenMfaConfiguration(Boolean enabled) {}

    public record EmailMfaConfiguration(String message, String subject) {}

    /**
     * {@code factorConfiguration}: SINGLE_FACTOR (or absent), a passkey is a sign-in of its own;
     * MULTI_FACTOR_WITH_USER_VERIFICATION, a passkey with user verification also satisfies MFA
     * for the users who turn passkey MFA on.
     */
    public record WebAuthnConfiguration(String relyingPartyId, String userVerification, String factorConfiguration) {
        public static final String MULTI_FACTOR_WITH_USER_VERIFICATION = "MULTI_FACTOR_WITH_USER_VERIFICATION";

        public boolean passkeyMayBeMfa() {
            return MULTI_FACTOR_WITH_USER_VERIFICATION.equals(factorConfiguration);
        }
    }

    /** Whether any MFA factor is configured: SMS, e-mail, or an enabled software token (WebAuthn is not MFA). */
    public boolean anyFactor() {
        return smsMfaConfiguration != null || emailMfaConfiguration != null
                || (softwareTokenMfaConfiguration != null && Boolean.TRUE.equals(softwareTokenMfaConfiguration.enabled()));
    }
}
