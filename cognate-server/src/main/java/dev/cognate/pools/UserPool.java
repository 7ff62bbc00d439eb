package dev.cognate.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user pool as stored: AWS's UserPoolType members that Cognate interprets are typed; the
 * settings it keeps but does not act on (messages, Lambda triggers, ...) are held as given.
 */
public record UserPool(
        String id,
        String name,
        Instant creationDate,
        Instant lastModifiedDate,
        Policies policies,
        String deletionProtection,
        List<SchemaAttribute> schemaAttributes,
        List<String> autoVerifiedAttributes,
        List<String> aliasAttributes,
        List<String> usernameAttributes,
        UsernameConfiguration usernameConfiguration,
        String mfaConfiguration,
        String userPoolTier,
        JsonNode adminCreateUserConfig,
        JsonNode accountRecoverySetting,
        JsonNode lambdaConfig,
        JsonNode emailConfiguration,
        JsonNode smsConfiguration,
        JsonNode verificationMessageTemplate,
        JsonNode deviceConfiguration,
        JsonNode userAttributeUpdateSettings,
        JsonNode userPoolAddOns,
        JsonNode userPoolTags,
        String emailVerificationMessage,
        String emailVerificationSubject,
        String smsVerificationMessage,
        String smsAuthenticationMessage) {

    public static final String ACCOUNT_ID = "000000000000";

    public String region() {
        return id.substring(0, id.indexOf('_'));
    }

    public String arn() {
        return "arn:aws:cognito-idp:" + region() + ":" + ACCOUNT_ID + ":userpool/" + id;
    }

    public PasswordPolicy passwordPolicy() {
        return policies == null || policies.passwordPolicy() == null
                ? PasswordPolicy.DEFAULT : policies.passwordPolicy().withDefaults();
    }

    public Optional<SchemaAttribute> attribute(String name) {
        return schemaAttributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public List<SchemaAttribute> requiredAttributes() {
        return schemaAttributes.stream().filter(SchemaAttribute::isRequired).toList();
    }

    /**
     * As in Cognito's API, a pool created without a UsernameConfiguration compares usernames
     * case-sensitively; {@code CaseSensitive: false} makes them case-insensitive.
     */
    public boolean usernamesCaseSensitive() {
        return usernameConfiguration == null || !Boolean.FALSE.equals(usernameConfiguration.caseSensitive());
    }

    /**
     * UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate: a user's new value
     * of {@code attribute} (email, phone_number) takes effect only once a code sent to it returns.
     */
    public boolean keepsValueUntilUpdateVerified(String attribute) {
        if (userAttributeUpdateSettings == null) {
            return false;
        }
        for (JsonNode listed : userAttributeUpdateSettings.path("AttributesRequireVerificationBeforeUpdate")) {
            if (attribute.equals(listed.asText())) {
                return true;
            }
        }
        return false;
    }

    public UserPool withMfaConfiguration(String mfa, Instant modified) {
        return new UserPool(id, name, creationDate, modified, policies, deletionProtection, schemaAttributes,
                autoVerifiedAttributes, aliasAttributes, usernameAttributes, usernameConfiguration, mfa, userPoolTier,
                adminCreateUserConfig, accountRecoverySetting, lambdaConfig, emailConfiguration, smsConfiguration,
                verificationMessageTemplate, deviceConfiguration, userAttributeUpdateSettings, userPoolAddOns,
                userPoolTags, emailVerificationMessage, emailVerificationSubject, smsVerificationMessage,
                smsAuthenticationMessage);
    }

    /** The pool with the SMS settings SetUserPoolMfaConfig's SmsMfaConfiguration gives (Cognito keeps one copy). */
    public UserPool withSms(JsonNode sms, String authenticationMessage, Instant modified) {
        return new UserPool(id, name, creationDate, modified, policies, deletionProtection, schemaAttributes,
                autoVerifiedAttributes, aliasAttributes, usernameAttributes, usernameConfiguration, mfaConfiguration,
                userPoolTier, adminCreateUserConfig, accountRecoverySetting, lambdaConfig, emailConfiguration,
                sms, verificationMessageTemplate, deviceConfiguration, userAttributeUpdateSettings,
                userPoolAddOns, userPoolTags, emailVerificationMessage, emailVerificationSubject, smsVerificationMessage,
                authenticationMessage);
    }

    public UserPool withSchemaAttributes(List<SchemaAttribute> schema, Instant modified) {
        return new UserPool(id, name, creationDate, modified, policies, deletionProtection, schema,
                autoVerifiedAttributes, aliasAttributes, usernameAttributes, usernameConfiguration, mfaConfiguration,
                userPoolTier, adminCreateUserConfig, accountRecoverySetting, lambdaConfig, emailConfiguration,
                smsConfiguration, verificationMessageTemplate, deviceConfiguration, userAttributeUpdateSettings,
                userPoolAddOns, userPoolTags, emailVerificationMessage, emailVerificationSubject, smsVerificationMessage,
                smsAuthenticationMessage);
    }

    public UserPool withUserPoolTags(JsonNode tags) {
        return new UserPool(id, name, creationDate, lastModifiedDate, policies, deletionProtection, schemaAttributes,
                autoVerifiedAttributes, aliasAttributes, usernameAttributes, usernameConfiguration, mfaConfiguration,
                userPoolTier, adminCreateUserConfig, accountRecoverySetting, lambdaConfig, emailConfiguration,
                smsConfiguration, verificationMessageTemplate, deviceConfiguration, userAttributeUpdateSettings,
                userPoolAddOns, tags, emailVerificationMessage, emailVerificationSubject, smsVerificationMessage,
                smsAuthenticationMessage);
    }

    public boolean deletionProtected() {
        return "ACTIVE".equals(deletionProtection);
    }
}
