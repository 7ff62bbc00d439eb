package dev.cognate.admin.mfa;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.MfaFactors;
import dev.cognate.pools.UserPool;
import dev.cognate.store.MfaFactorStore;
import java.time.Clock;
import java.util.List;

/**
 * GetUserPoolMfaConfig and SetUserPoolMfaConfig: the pool's MFA mode (the MfaConfiguration that
 * DescribeUserPool shows too) and its factors, checked and answered as Cognito does. The factors
 * decide what users may set up (TOTP, e-mailed codes) and whether texted and e-mailed codes are
 * asked for at sign-in.
 */
public final class MfaConfigOperations implements OperationFamily {
    private static final List<String> MODES = List.of("OFF", "ON", "OPTIONAL");
    private static final String CODE = "{####}";
    /** The pool keeps its SmsConfiguration as Cognito's JSON (SnsCallerArn, ExternalId, SnsRegion). */
    private static final com.fasterxml.jackson.databind.ObjectMapper SMS_JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private final UserPoolOperations pools;
    private final MfaFactorStore factors;
    private final Clock clock;

    public MfaConfigOperations(UserPoolOperations pools, MfaFactorStore factors, Clock clock) {
        this.pools = pools;
        this.factors = factors;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("GetUserPoolMfaConfig", GetUserPoolMfaConfigRequest.class, this::get);
        registry.signed("SetUserPoolMfaConfig", SetUserPoolMfaConfigRequest.class, this::set);
    }

    public record GetUserPoolMfaConfigRequest(String userPoolId) {}

    public record SetUserPoolMfaConfigRequest(
            String userPoolId,
            MfaFactors.SmsMfaConfiguration smsMfaConfiguration,
            MfaFactors.SoftwareTokenMfaConfiguration softwareTokenMfaConfiguration,
            MfaFactors.EmailMfaConfiguration emailMfaConfiguration,
            MfaFactors.WebAuthnConfiguration webAuthnConfiguration,
            String mfaConfiguration) {}

    /** The answer of both operations. */
    public record MfaConfigResponse(
            MfaFactors.SmsMfaConfiguration smsMfaConfiguration,
            MfaFactors.SoftwareTokenMfaConfiguration softwareTokenMfaConfiguration,
            MfaFactors.EmailMfaConfiguration emailMfaConfiguration,
            MfaFactors.WebAuthnConfiguration webAuthnConfiguration,
            String mfaConfiguration) {

        static MfaConfigResponse of(MfaFactors f, String mode) {
            return new MfaConfigResponse(f.smsMfaConfiguration(), f.softwareTokenMfaConfiguration(),
                    f.emailMfaConfiguration(), f.webAuthnConfiguration(), mode);
        }
    }

    private Object get(GetUserPoolMfaConfigRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        return MfaConfigResponse.of(factors.find(pool.id()).orElse(MfaFactors.NONE), pool.mfaConfiguration());
    }

    /**
     * As in Cognito, the request replaces every factor: one left out is no longer configured. The
     * mode and the SMS settings are changed on the pool as stored now, so an UpdateUserPool made
     * meanwhile on any node is kept. The change itself only computes ({@link
     * dev.cognate.store.UserPoolStore#change} may run it again); the factors are written outside it.
     */
    private Object set(SetUserPoolMfaConfigRequest r, Caller caller) {
        if (r.mfaConfiguration() != null) {
            Validate.oneOf(r.mfaConfiguration(), "mfaConfiguration", MODES);
        }
        MfaFactors requested = new MfaFactors(sms(r.smsMfaConfiguration()), r.softwareTokenMfaConfiguration(),
                email(r.emailMfaConfiguration()), webAuthn(r.webAuthnConfiguration()));
        if (r.mfaConfiguration() != null) {
            consistent(r.mfaConfiguration(), requested);
            pools.existing(r.userPoolId());
            // the factors before the mode, so that a sign-in never sees a mode without its factors
            factors.put(r.userPoolId(), requested);
        }
        UserPool written = pools.change(r.userPoolId(), pool -> {
            String mode = r.mfaConfiguration() == null ? pool.mfaConfiguration() : r.mfaConfiguration();
            consistent(mode, requested);
            UserPool updated = pool;
            if (!mode.equals(pool.mfaConfiguration())) {
                updated = updated.withMfaConfiguration(mode, clock.instant());
            }
            MfaFactors.SmsMfaConfiguration sms = requested.smsMfaConfiguration();
            if (sms != null && (sms.smsConfiguration() != null || sms.smsAuthenticationMessage() != null)) {
                // one copy, as Cognito's: the text messages of sign-up and invitations go the way MFA's go
                com.fasterxml.jackson.databind.JsonNode route = sms.smsConfiguration() != null
                        ? SMS_JSON.valueToTree(sms.smsConfiguration()) : pool.smsConfiguration();
                String message = sms.smsAuthenticationMessage() != null ? sms.smsAuthenticationMessage()
                        : pool.smsAuthenticationMessage();
                if (!java.util.Objects.equals(route, pool.smsConfiguration())
                        || !java.util.Objects.equals(message, pool.smsAuthenticationMessage())) {
                    updated = updated.withSms(route, message, clock.instant());
                }
            }
            return updated;
        });
        if (r.mfaConfiguration() == null) {
            // the mode kept as it was: the factors are checked against it as stored, then written
            factors.put(written.id(), requested);
        }
        return MfaConfigResponse.of(requested, written.mfaConfiguration());
    }

    private static void consistent(String mode, MfaFactors requested) {
        if ("OFF".equals(mode) && requested.anyFactor()) {
            throw AwsException.invalidParameter(
                    "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.");
        }
        if (!"OFF".equals(mode) && !requested.anyFactor()) {
            throw AwsException.invalidParameter(
                    "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");
        }
    }

    private static MfaFactors.SmsMfaConfiguration sms(MfaFactors.SmsMfaConfiguration sms) {
        if (sms == null) {
            return null;
        }
        String message = Validate.length(sms.smsAuthenticationMessage(), "smsMfaConfiguration.smsAuthenticationMessage", 6, 140);
        if (message != null && !message.contains(CODE)) {
            throw AwsException.invalidParameter("The SMS authentication message must contain the code placeholder " + CODE + ".");
        }
        if (sms.smsConfiguration() != null) {
            dev.cognate.admin.pools.SmsConfigurationRules.check(sms.smsConfiguration().snsCallerArn(),
                    sms.smsConfiguration().snsRegion(), "smsMfaConfiguration.smsConfiguration");
        }
        return sms;
    }

    private static MfaFactors.EmailMfaConfiguration email(MfaFactors.EmailMfaConfiguration email) {
        if (email == null) {
            return null;
        }
        String message = Validate.length(email.message(), "emailMfaConfiguration.message", 6, 20000);
        if (message != null && !message.contains(CODE)) {
            throw AwsException.invalidParameter("The email MFA message must contain the code placeholder " + CODE + ".");
        }
        Validate.length(email.subject(), "emailMfaConfiguration.subject", 1, 140);
        return email;
    }

    private static MfaFactors.WebAuthnConfiguration webAuthn(MfaFactors.WebAuthnConfiguration webAuthn) {
        if (webAuthn != null) {
            Validate.length(webAuthn.relyingPartyId(), "webAuthnConfiguration.relyingPartyId", 1, 63);
            Validate.oneOf(webAuthn.userVerification(), "webAuthnConfiguration.userVerification", List.of("required", "preferred"));
            Validate.oneOf(webAuthn.factorConfiguration(), "webAuthnConfiguration.factorConfiguration",
                    List.of("SINGLE_FACTOR", MfaFactors.WebAuthnConfiguration.MULTI_FACTOR_WITH_USER_VERIFICATION));
        }
        return webAuthn;
    }
}
