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
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;

/** AddCustomAttributes, which Terraform's aws_cognito_user_pool calls when its schema gains attributes. */
@ParameterizedClass
@EnumSource(Backend.class)
class AddCustomAttributesTest {
    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeEach
    void createPool() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("attrs-" + UUID.randomUUID().toString().substring(0, 8))
                .schema(SchemaAttributeType.builder().name("tenant").attributeDataType(AttributeDataType.STRING).build()))
                .userPool().id();
    }

    @Test
    void addedAttributeIsInTheSchemaAndUsersCanHoldIt() {
        cognito.addCustomAttributes(r -> r.userPoolId(poolId).customAttributes(
                SchemaAttributeType.builder().name("level").attributeDataType(AttributeDataType.NUMBER)
                        .numberAttributeConstraints(c -> c.minValue("0").maxValue("9")).build()));

        SchemaAttributeType level = cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool().schemaAttributes().stream()
                .filter(a -> a.name().equals("custom:level")).findFirst().orElseThrow();
        assertThat(level.attributeDataType()).isEqualTo(AttributeDataType.NUMBER);
        assertThat(level.mutable()).isTrue();
        assertThat(level.numberAttributeConstraints().maxValue()).isEqualTo("9");

        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("ada")
                .userAttributes(AttributeType.builder().name("custom:level").value("3").build()));
        assertThat(cognito.adminGetUser(r -> r.userPoolId(poolId).username("ada")).userAttributes())
                .contains(AttributeType.builder().name("custom:level").value("3").build());
    }

    @Test
    void anAttributeThatExistsIsRefused() {
        assertThatThrownBy(() -> cognito.addCustomAttributes(r -> r.userPoolId(poolId).customAttributes(
                SchemaAttributeType.builder().name("tenant").attributeDataType(AttributeDataType.STRING).build())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Existing attribute already has name custom:tenant.");
    }

    @Test
    void aRequiredCustomAttributeIsRefusedAndNothingIsAdded() {
        assertThatThrownBy(() -> cognito.addCustomAttributes(r -> r.userPoolId(poolId).customAttributes(
                SchemaAttributeType.builder().name("ok").attributeDataType(AttributeDataType.STRING).build(),
                SchemaAttributeType.builder().name("must").attributeDataType(AttributeDataType.STRING).required(true).build())))
                .isInstanceOf(InvalidParameterException.class);

        assertThat(cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool().schemaAttributes())
                .noneMatch(a -> a.name().equals("custom:ok"));
    }

    @Test
    void unknownPoolIsNotFound() {
        assertThatThrownBy(() -> cognito.addCustomAttributes(r -> r.userPoolId("us-east-1_NoSuchPoo").customAttributes(
                SchemaAttributeType.builder().name("x").attributeDataType(AttributeDataType.STRING).build())))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
