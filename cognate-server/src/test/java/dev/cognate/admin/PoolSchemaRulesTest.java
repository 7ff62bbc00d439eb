package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DefaultEmailOptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/** Where Cognito is stricter than a lenient emulator: the schema rules and the verification messages kept in step. */
@ParameterizedClass
@EnumSource(Backend.class)
class PoolSchemaRulesTest {
    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;

    @BeforeEach
    void connect() {
        cognito = TestServer.shared(backend).client();
    }

    static String name() {
        return "schema-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void refused(SchemaAttributeType attribute, String message) {
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName(name()).schema(attribute)))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e).awsErrorDetails().errorMessage()).isEqualTo(message));
    }

    static SchemaAttributeType.Builder attribute(String name) {
        return SchemaAttributeType.builder().name(name);
    }

    @Test
    void aCustomAttributeWithoutADataTypeIsRefused() {
        refused(attribute("tenant").build(),
                "Invalid AttributeDataType input, consider using the provided AttributeDataType enum.");
        String poolId = cognito.createUserPool(r -> r.poolName(name())).userPool().id();
        assertThatThrownBy(() -> cognito.addCustomAttributes(r -> r.userPoolId(poolId).customAttributes(attribute("tenant").build())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Invalid AttributeDataType input");
    }

    @Test
    void aRequiredCustomAttributeIsRefused() {
        refused(attribute("tenant").attributeDataType(AttributeDataType.STRING).required(true).build(),
                "Required custom attributes are not supported currently.");
    }

    @Test
    void aStandardAttributeKeepsItsDataTypeAndCannotBecomeDeveloperOnly() {
        refused(attribute("email").attributeDataType(AttributeDataType.NUMBER).build(),
                "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email");
        refused(attribute("email").developerOnlyAttribute(true).build(),
                "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email");
    }

    @Test
    void constraintsMustBeNumbers() {
        refused(attribute("email").stringAttributeConstraints(c -> c.minLength("five")).build(),
                "Invalid StringAttributeConstraints for schema attribute email");
        refused(attribute("score").attributeDataType(AttributeDataType.NUMBER)
                        .numberAttributeConstraints(c -> c.maxValue("1e3")).build(),
                "Invalid NumberAttributeConstraints for schema attribute custom:score");
    }

    @Test
    void constraintsMustBeInOrderAndStringsAtMost2048Long() {
        refused(attribute("email").stringAttributeConstraints(c -> c.minLength("2").maxLength("1")).build(),
                "user.email: Max length cannot be less than min length.");
        refused(attribute("bio").attributeDataType(AttributeDataType.STRING)
                        .stringAttributeConstraints(c -> c.maxLength("2049")).build(),
                "user.custom:bio: String attributes cannot have a length of more than 2048");
        refused(attribute("updated_at").numberAttributeConstraints(c -> c.minValue("2").maxValue("1")).build(),
                "user.updated_at: Max value cannot be less than min value.");
    }

    @Test
    void addCustomAttributesKeepsTheSameRules() {
        String poolId = cognito.createUserPool(r -> r.poolName(name())).userPool().id();
        java.util.Map<SchemaAttributeType, String> refusals = java.util.Map.of(
                attribute("bio").attributeDataType(AttributeDataType.STRING)
                        .stringAttributeConstraints(c -> c.maxLength("2049")).build(),
                "String attributes cannot have a length of more than 2048",
                attribute("bio").attributeDataType(AttributeDataType.STRING)
                        .stringAttributeConstraints(c -> c.minLength("3").maxLength("2")).build(),
                "Max length cannot be less than min length.",
                attribute("score").attributeDataType(AttributeDataType.NUMBER)
                        .numberAttributeConstraints(c -> c.minValue("ten")).build(),
                "Invalid NumberAttributeConstraints",
                attribute("score").attributeDataType(AttributeDataType.NUMBER)
                        .numberAttributeConstraints(c -> c.minValue("5").maxValue("1")).build(),
                "Max value cannot be less than min value.");
        refusals.forEach((attribute, message) -> assertThatThrownBy(() -> cognito.addCustomAttributes(r -> r
                .userPoolId(poolId).customAttributes(attribute)))
                .as(attribute.toString())
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(message));
        assertThat(cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool().schemaAttributes())
                .noneMatch(a -> a.name().startsWith("custom:"));
    }

    @Test
    void aValidSchemaIsStoredWithItsConstraints() {
        UserPoolType pool = cognito.createUserPool(r -> r.poolName(name()).schema(
                attribute("bio").attributeDataType(AttributeDataType.STRING)
                        .stringAttributeConstraints(c -> c.minLength("0").maxLength("2048")).build(),
                attribute("score").attributeDataType(AttributeDataType.NUMBER)
                        .numberAttributeConstraints(c -> c.minValue("-5").maxValue("10")).build())).userPool();
        assertThat(pool.schemaAttributes()).anySatisfy(a -> {
            assertThat(a.name()).isEqualTo("custom:bio");
            assertThat(a.stringAttributeConstraints().maxLength()).isEqualTo("2048");
        }).anySatisfy(a -> {
            assertThat(a.name()).isEqualTo("custom:score");
            assertThat(a.numberAttributeConstraints().minValue()).isEqualTo("-5");
        });
    }

    @Test
    void theTemplateAnswersTheLegacyMessagesToo() {
        UserPoolType pool = cognito.createUserPool(r -> r.poolName(name()).verificationMessageTemplate(t -> t
                .emailMessage("Your code is {####}").emailSubject("Code {####}").smsMessage("{####} is your code")
                .defaultEmailOption(DefaultEmailOptionType.CONFIRM_WITH_CODE))).userPool();
        assertThat(pool.emailVerificationMessage()).isEqualTo("Your code is {####}");
        assertThat(pool.emailVerificationSubject()).isEqualTo("Code {####}");
        assertThat(pool.smsVerificationMessage()).isEqualTo("{####} is your code");
        UserPoolType described = cognito.describeUserPool(r -> r.userPoolId(pool.id())).userPool();
        assertThat(described.emailVerificationMessage()).isEqualTo("Your code is {####}");
    }

    @Test
    void theLegacyMessagesAnswerTheTemplateToo() {
        UserPoolType pool = cognito.createUserPool(r -> r.poolName(name())
                .emailVerificationMessage("Hello {####}").emailVerificationSubject("Welcome")
                .smsVerificationMessage("SMS {####}")).userPool();
        assertThat(pool.verificationMessageTemplate().emailMessage()).isEqualTo("Hello {####}");
        assertThat(pool.verificationMessageTemplate().emailSubject()).isEqualTo("Welcome");
        assertThat(pool.verificationMessageTemplate().smsMessage()).isEqualTo("SMS {####}");
        assertThat(pool.verificationMessageTemplate().defaultEmailOption()).isEqualTo(DefaultEmailOptionType.CONFIRM_WITH_CODE);

        cognito.updateUserPool(r -> r.userPoolId(pool.id()).verificationMessageTemplate(t -> t.emailMessage("New {####}")));
        UserPoolType updated = cognito.describeUserPool(r -> r.userPoolId(pool.id())).userPool();
        assertThat(updated.emailVerificationMessage()).isEqualTo("New {####}");
        assertThat(updated.verificationMessageTemplate().emailMessage()).isEqualTo("New {####}");
    }
}
