package dev.cognate.admin.pools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Validate;
import dev.cognate.crypto.RandomIds;
import dev.cognate.pools.PasswordPolicy;
import dev.cognate.pools.Policies;
import dev.cognate.pools.SchemaAttribute;
import dev.cognate.pools.StandardSchema;
import dev.cognate.pools.UserPool;
import dev.cognate.pools.UsernameConfiguration;
import dev.cognate.store.ConcurrentChangeException;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.Page;
import dev.cognate.store.UserPoolStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools, AddCustomAttributes. */
public final class UserPoolOperations implements OperationFamily {
    private static final Pattern POOL_NAME = Pattern.compile("[\\w\\s+=,.@-]+");
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    private static final Pattern CUSTOM_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final Set<String> DATA_TYPES = Set.of("String", "Number", "DateTime", "Boolean");
    private static final int MAX_CUSTOM_ATTRIBUTES = 50;

    private final UserPoolStore pools;
    private final PoolFacts.Source facts;
    private final Clock clock;

    public UserPoolOperations(UserPoolStore pools, PoolFacts.Source facts, Clock clock) {
        this.pools = pools;
        this.facts = facts;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("CreateUserPool", CreateUserPoolRequest.class, this::create);
        registry.signed("DescribeUserPool", PoolIdRequest.class, this::describe);
        registry.signed("UpdateUserPool", UpdateUserPoolRequest.class, this::update);
        registry.signed("DeleteUserPool", PoolIdRequest.class, this::delete);
        registry.signed("ListUserPools", ListUserPoolsRequest.class, this::list);
        registry.signed("AddCustomAttributes", AddCustomAttributesRequest.class, this::addCustomAttributes);
    }

    public record CreateUserPoolRequest(
            String poolName,
            Policies policies,
            String deletionProtection,
            JsonNode lambdaConfig,
            List<String> autoVerifiedAttributes,
            List<String> aliasAttributes,
            List<String> usernameAttributes,
            String smsVerificationMessage,
            String emailVerificationMessage,
            String emailVerificationSubject,
            JsonNode verificationMessageTemplate,
            String smsAuthenticationMessage,
            String mfaConfiguration,
            JsonNode userAttributeUpdateSettings,
            JsonNode deviceConfiguration,
            JsonNode emailConfiguration,
            JsonNode smsConfiguration,
            JsonNode userPoolTags,
            JsonNode adminCreateUserConfig,
            List<SchemaAttribute> schema,
            JsonNode userPoolAddOns,
            UsernameConfiguration usernameConfiguration,
            JsonNode accountRecoverySetting,
            String userPoolTier) {}

    public record UpdateUserPoolRequest(
            String userPoolId,
            Policies policies,
            String deletionProtection,
            JsonNode lambdaConfig,
            List<String> autoVerifiedAttributes,
            String smsVerificationMessage,
            String emailVerificationMessage,
            String emailVerificationSubject,
            JsonNode verificationMessageTemplate,
            String smsAuthenticationMessage,
            JsonNode userAttributeUpdateSettings,
            String mfaConfiguration,
            JsonNode deviceConfiguration,
            JsonNode emailConfiguration,
            JsonNode smsConfiguration,
            JsonNode userPoolTags,
            JsonNode adminCreateUserConfig,
            JsonNode userPoolAddOns,
            JsonNode accountRecoverySetting,
            String poolName,
            String userPoolTier) {}

    public record PoolIdRequest(String userPoolId) {}

    public record ListUserPoolsRequest(String nextToken, Integer maxResults) {}

    public record AddCustomAttributesRequest(String userPoolId, List<SchemaAttribute> customAttributes) {}

    public record UserPoolResponse(UserPoolView userPool) {}

    public record UserPoolDescription(String id, String name, JsonNode lambdaConfig, String status,
                                      Instant lastModifiedDate, Instant creationDate) {}

    public record ListUserPoolsResponse(List<UserPoolDescription> userPools, String nextToken) {}

    private Object create(CreateUserPoolRequest r, Caller caller) {
        String name = Validate.requiredString(r.poolName(), "poolName", 1, 128);
        Validate.pattern(name, "poolName", POOL_NAME);
        validateCommon(r.policies(), r.deletionProtection(), r.mfaConfiguration(), r.autoVerifiedAttributes(), r.userPoolTier());
        if (r.aliasAttributes() != null && !r.aliasAttributes().isEmpty()
                && r.usernameAttributes() != null && !r.usernameAttributes().isEmpty()) {
            throw AwsException.invalidParameter(
                    "Only one of the attributes, AliasAttributes or UsernameAttributes, can be set in a User Pool.");
        }
        eachOneOf(r.aliasAttributes(), "aliasAttributes", Set.of("phone_number", "email", "preferred_username"));
        eachOneOf(r.usernameAttributes(), "usernameAttributes", Set.of("phone_number", "email"));
        verifiedBeforeUpdate(r.userAttributeUpdateSettings(), r.autoVerifiedAttributes());
        LambdaConfigRules.check(r.lambdaConfig());
        SmsConfigurationRules.check(r.smsConfiguration());
        List<SchemaAttribute> schema = schema(r.schema());
        VerificationMessages messages = VerificationMessages.inStep(r.verificationMessageTemplate(),
                r.emailVerificationMessage(), r.emailVerificationSubject(), r.smsVerificationMessage());
        Instant now = clock.instant();
        String region = caller.regionOrDefault();
        for (int attempt = 0; ; attempt++) {
            UserPool pool = new UserPool(RandomIds.poolId(region), name, now, now,
                    policies(r.policies()), orDefault(r.deletionProtection(), "INACTIVE"), schema,
                    r.autoVerifiedAttributes(), r.aliasAttributes(), r.usernameAttributes(),
                    r.usernameConfiguration(), orDefault(r.mfaConfiguration(), "OFF"),
                    orDefault(r.userPoolTier(), "ESSENTIALS"), adminCreateUserConfig(r.adminCreateUserConfig()),
                    r.accountRecoverySetting(), orEmptyObject(r.lambdaConfig()), r.emailConfiguration(),
                    r.smsConfiguration(), messages.template(), r.deviceConfiguration(),
                    r.userAttributeUpdateSettings(), r.userPoolAddOns(), r.userPoolTags(),
                    messages.emailMessage(), messages.emailSubject(), messages.smsMessage(),
                    r.smsAuthenticationMessage());
            try {
                pools.insert(pool);
                return new UserPoolResponse(UserPoolView.of(pool, facts.of(pool.id())));
            } catch (DuplicateKeyException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** A value kept until its update is verified needs a code sent to it: the attribute must be verified automatically. */
    private static void verifiedBeforeUpdate(JsonNode settings, List<String> autoVerified) {
        if (settings == null) {
            return;
        }
        List<String> listed = new ArrayList<>();
        settings.path("AttributesRequireVerificationBeforeUpdate").forEach(a -> listed.add(a.asText()));
        eachOneOf(listed, "userAttributeUpdateSettings.attributesRequireVerificationBeforeUpdate",
                Set.of("phone_number", "email"));
        if (!listed.stream().allMatch(a -> autoVerified != null && autoVerified.contains(a))) {
            throw AwsException.invalidParameter(
                    "All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes");
        }
    }

    private Object describe(PoolIdRequest r, Caller caller) {
        UserPool pool = existing(r.userPoolId());
        return new UserPoolResponse(UserPoolView.of(pool, facts.of(pool.id())));
    }

    /**
     * As in Cognito, members left out of UpdateUserPool return to their defaults, except the tags:
     * they are the tagging API's (TagResource), and Terraform's update leaves UserPoolTags out.
     */
    private Object update(UpdateUserPoolRequest r, Caller caller) {
        validateId(r.userPoolId());
        validateCommon(r.policies(), r.deletionProtection(), r.mfaConfiguration(), r.autoVerifiedAttributes(), r.userPoolTier());
        if (r.poolName() != null) {
            Validate.length(r.poolName(), "poolName", 1, 128);
            Validate.pattern(r.poolName(), "poolName", POOL_NAME);
        }
        verifiedBeforeUpdate(r.userAttributeUpdateSettings(), r.autoVerifiedAttributes());
        LambdaConfigRules.check(r.lambdaConfig());
        SmsConfigurationRules.check(r.smsConfiguration());
        VerificationMessages messages = VerificationMessages.inStep(r.verificationMessageTemplate(),
                r.emailVerificationMessage(), r.emailVerificationSubject(), r.smsVerificationMessage());
        change(r.userPoolId(), old -> new UserPool(old.id(), r.poolName() == null ? old.name() : r.poolName(),
                old.creationDate(), clock.instant(), policies(r.policies()),
                orDefault(r.deletionProtection(), "INACTIVE"), old.schemaAttributes(), r.autoVerifiedAttributes(),
                old.aliasAttributes(), old.usernameAttributes(), old.usernameConfiguration(),
                orDefault(r.mfaConfiguration(), "OFF"), r.userPoolTier() == null ? old.userPoolTier() : r.userPoolTier(),
                adminCreateUserConfig(r.adminCreateUserConfig()), r.accountRecoverySetting(),
                orEmptyObject(r.lambdaConfig()), r.emailConfiguration(), r.smsConfiguration(),
                messages.template(), r.deviceConfiguration(), r.userAttributeUpdateSettings(),
                r.userPoolAddOns(), r.userPoolTags() == null ? old.userPoolTags() : r.userPoolTags(),
                messages.emailMessage(), messages.emailSubject(), messages.smsMessage(), r.smsAuthenticationMessage()));
        return Empty.INSTANCE;
    }

    /** Deletion protection as stored now, not as this node last read it (turned on a moment ago on another node, say). */
    private Object delete(PoolIdRequest r, Caller caller) {
        validateId(r.userPoolId());
        boolean deleted;
        try {
            deleted = pools.delete(r.userPoolId(), pool -> {
                if (pool.deletionProtected()) {
                    throw AwsException.invalidParameter("The user pool cannot be deleted because deletion protection is "
                            + "activated. Deletion protection must be inactivated first.");
                }
            });
        } catch (ConcurrentChangeException e) {
            throw concurrentChange(r.userPoolId());
        }
        if (!deleted) {
            throw AwsException.poolNotFound(r.userPoolId());
        }
        return Empty.INSTANCE;
    }

    private Object list(ListUserPoolsRequest r, Caller caller) {
        int max = Validate.range(Validate.required(r.maxResults(), "maxResults"), "maxResults", 1, 60);
        Page<UserPool> page = pools.list(caller.regionOrDefault(), PageTokens.decode(r.nextToken()), max);
        return new ListUserPoolsResponse(page.items().stream()
                .map(p -> new UserPoolDescription(p.id(), p.name(), p.lambdaConfig(), null,
                        p.lastModifiedDate(), p.creationDate()))
                .toList(), PageTokens.encode(page.next()));
    }

    /** Looks up a pool named in a request, validating the id's shape first. */
    public UserPool existing(String poolId) {
        validateId(poolId);
        return pools.find(poolId).orElseThrow(() -> AwsException.poolNotFound(poolId));
    }

    /**
     * Changes a pool named in a request as the store holds it now, never as this node last read
     * it: a change made meanwhile on any node is kept ({@link UserPoolStore#change}).
     */
    public UserPool change(String poolId, UnaryOperator<UserPool> change) {
        validateId(poolId);
        try {
            return pools.change(poolId, change).orElseThrow(() -> AwsException.poolNotFound(poolId));
        } catch (ConcurrentChangeException e) {
            throw concurrentChange(poolId);
        }
    }

    private static AwsException concurrentChange(String poolId) {
        return new AwsException("ConcurrentModificationException",
                "User pool " + poolId + " is being changed by other requests; try again.");
    }

    private static void validateId(String poolId) {
        Validate.requiredString(poolId, "userPoolId", 1, 55);
        Validate.pattern(poolId, "userPoolId", POOL_ID);
    }

    private static void validateCommon(Policies policies, String deletionProtection, String mfa,
                                       List<String> autoVerified, String tier) {
        Validate.oneOf(deletionProtection, "deletionProtection", List.of("ACTIVE", "INACTIVE"));
        Validate.oneOf(mfa, "mfaConfiguration", List.of("OFF", "ON", "OPTIONAL"));
        Validate.oneOf(tier, "userPoolTier", List.of("LITE", "ESSENTIALS", "PLUS"));
        eachOneOf(autoVerified, "autoVerifiedAttributes", Set.of("phone_number", "email"));
        if (policies != null && policies.passwordPolicy() != null) {
            PasswordPolicy p = policies.passwordPolicy();
            Validate.range(p.minimumLength(), "policies.passwordPolicy.minimumLength", 6, 99);
            Validate.range(p.temporaryPasswordValidityDays(), "policies.passwordPolicy.temporaryPasswordValidityDays", 0, 365);
            Validate.range(p.passwordHistorySize(), "policies.passwordPolicy.passwordHistorySize", 0, 24);
        }
        if (policies != null && policies.signInPolicy() != null) {
            allowedFirstAuthFactors(policies.signInPolicy().get("AllowedFirstAuthFactors"));
        }
    }

    /** SignInPolicy.AllowedFirstAuthFactors: USER_AUTH's first factors, AWS AuthFactorType values. */
    private static void allowedFirstAuthFactors(JsonNode factors) {
        if (factors == null || factors.isNull()) {
            return;
        }
        List<String> names = new java.util.ArrayList<>();
        if (factors.isArray()) {
            factors.forEach(f -> names.add(f.isTextual() ? f.asText() : null));
        } else {
            names.add(null);
        }
        eachOneOf(names, "policies.signInPolicy.allowedFirstAuthFactors",
                Set.of("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"));
    }

    private static void eachOneOf(List<String> values, String member, Set<String> allowed) {
        if (values == null) {
            return;
        }
        for (String v : values) {
            if (v == null || !allowed.contains(v)) {
                throw Validate.violation("'" + values + "'", member,
                        "Member must satisfy constraint: [Member must satisfy enum value set: " + allowed + "]");
            }
        }
    }

    private static Policies policies(Policies given) {
        if (given == null || given.passwordPolicy() == null) {
            return new Policies(PasswordPolicy.DEFAULT, given == null ? null : given.signInPolicy());
        }
        return new Policies(given.passwordPolicy().withDefaults(), given.signInPolicy());
    }

    private static JsonNode adminCreateUserConfig(JsonNode given) {
        if (given != null) {
            return given;
        }
        var node = dev.cognate.admin.AwsJson.MAPPER.createObjectNode();
        node.put("AllowAdminCreateUserOnly", false);
        node.put("UnusedAccountValidityDays", 7);
        return node;
    }

    private static JsonNode orEmptyObject(JsonNode node) {
        return node != null ? node : dev.cognate.admin.AwsJson.MAPPER.createObjectNode();
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** The standard attributes, adjusted and extended by the request's Schema. */
    static List<SchemaAttribute> schema(List<SchemaAttribute> requested) {
        List<SchemaAttribute> result = new ArrayList<>(StandardSchema.defaults());
        if (requested == null) {
            return result;
        }
        Set<String> seen = new HashSet<>();
        int custom = 0;
        for (SchemaAttribute a : requested) {
            if (a == null) {
                throw Validate.violation("null", "schema", "Member must not be null");
            }
            String name = Validate.requiredString(a.name(), "schema.member.name", 1, 20);
            Validate.pattern(name, "schema.member.name", CUSTOM_NAME);
            Validate.oneOf(a.attributeDataType(), "schema.member.attributeDataType", DATA_TYPES);
            if (!seen.add(name)) {
                throw AwsException.invalidParameter("Duplicate attribute name: " + name + ".");
            }
            if (StandardSchema.isStandard(name)) {
                SchemaAttribute adjusted = SchemaRules.standard(name, a);
                result.replaceAll(existing -> existing.name().equals(name) ? adjusted : existing);
                continue;
            }
            if (++custom > MAX_CUSTOM_ATTRIBUTES) {
                throw AwsException.limitExceeded("A user pool can have at most " + MAX_CUSTOM_ATTRIBUTES + " custom attributes.");
            }
            result.add(SchemaRules.custom(name, a));
        }
        return result;
    }

    /** AddCustomAttributes: Terraform's aws_cognito_user_pool calls it when its schema gains attributes. */
    private Object addCustomAttributes(AddCustomAttributesRequest r, Caller caller) {
        validateId(r.userPoolId());
        List<SchemaAttribute> requested = Validate.size(Validate.required(r.customAttributes(), "customAttributes"),
                "customAttributes", 1, 25);
        for (SchemaAttribute a : requested) {
            if (a == null) {
                throw Validate.violation("null", "customAttributes", "Member must not be null");
            }
            String name = Validate.requiredString(a.name(), "customAttributes.member.name", 1, 20);
            Validate.pattern(name, "customAttributes.member.name", CUSTOM_NAME);
            Validate.oneOf(a.attributeDataType(), "customAttributes.member.attributeDataType", DATA_TYPES);
        }
        change(r.userPoolId(), pool -> {
            List<SchemaAttribute> schema = new ArrayList<>(pool.schemaAttributes());
            long custom = schema.stream().filter(SchemaAttribute::isCustom).count();
            for (SchemaAttribute a : requested) {
                if (schema.stream().anyMatch(existing -> existing.name().equals("custom:" + a.name()))) {
                    throw AwsException.invalidParameter("Existing attribute already has name custom:" + a.name() + ".");
                }
                if (++custom > MAX_CUSTOM_ATTRIBUTES) {
                    throw AwsException.limitExceeded("A user pool can have at most " + MAX_CUSTOM_ATTRIBUTES + " custom attributes.");
                }
                schema.add(SchemaRules.custom(a.name(), a));
            }
            return pool.withSchemaAttributes(schema, clock.instant());
        });
        return Empty.INSTANCE;
    }
}
