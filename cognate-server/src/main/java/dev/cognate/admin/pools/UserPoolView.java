package dev.cognate.admin.pools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.pools.Policies;
import dev.cognate.pools.SchemaAttribute;
import dev.cognate.pools.UserPool;
import dev.cognate.pools.UsernameConfiguration;
import java.time.Instant;
import java.util.List;

/** AWS UserPoolType as DescribeUserPool and CreateUserPool answer it. */
public record UserPoolView(
        String id,
        String name,
        Policies policies,
        String deletionProtection,
        JsonNode lambdaConfig,
        Instant lastModifiedDate,
        Instant creationDate,
        List<SchemaAttribute> schemaAttributes,
        List<String> autoVerifiedAttributes,
        List<String> aliasAttributes,
        List<String> usernameAttributes,
        String smsVerificationMessage,
        String emailVerificationMessage,
        String emailVerificationSubject,
        JsonNode verificationMessageTemplate,
        String smsAuthenticationMessage,
        JsonNode userAttributeUpdateSettings,
        String mfaConfiguration,
        JsonNode deviceConfiguration,
        long estimatedNumberOfUsers,
        JsonNode emailConfiguration,
        JsonNode smsConfiguration,
        JsonNode userPoolTags,
        String domain,
        String customDomain,
        JsonNode adminCreateUserConfig,
        JsonNode userPoolAddOns,
        UsernameConfiguration usernameConfiguration,
        String arn,
        JsonNode accountRecoverySetting,
        String userPoolTier) {

    static UserPoolView of(UserPool p, PoolFacts facts) {
        return new UserPoolView(p.id(), p.name(), p.policies(), p.deletionProtection(), p.lambdaConfig(),
                p.lastModifiedDate(), p.creationDate(), p.schemaAttributes(), p.autoVerifiedAttributes(),
                p.aliasAttributes(), p.usernameAttributes(), p.smsVerificationMessage(),
                p.emailVerificationMessage(), p.emailVerificationSubject(), p.verificationMessageTemplate(),
                p.smsAuthenticationMessage(), p.userAttributeUpdateSettings(), p.mfaConfiguration(),
                p.deviceConfiguration(), facts.estimatedNumberOfUsers(), p.emailConfiguration(),
                p.smsConfiguration(), p.userPoolTags(), facts.domain(), facts.customDomain(),
                p.adminCreateUserConfig(), p.userPoolAddOns(), p.usernameConfiguration(), p.arn(),
                p.accountRecoverySetting(), p.userPoolTier());
    }
}
