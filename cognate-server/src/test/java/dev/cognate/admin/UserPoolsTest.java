package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeletionProtectionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUserPoolsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordPolicyType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

@ParameterizedClass
@EnumSource(Backend.class)
class UserPoolsTest {
    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;

    @BeforeEach
    void connect() {
        cognito = TestServer.shared(backend).client();
    }

    private String uniqueName() {
        return "pool-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createdPoolHasRegionalIdStandardSchemaAndCustomAttributes() {
        CreateUserPoolResponse created = cognito.createUserPool(r -> r
                .poolName(uniqueName())
                .usernameAttributes(UsernameAttributeType.EMAIL)
                .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .policies(p -> p.passwordPolicy(pp -> pp.minimumLength(12).requireSymbols(false)))
                .schema(SchemaAttributeType.builder().name("tenant").attributeDataType(AttributeDataType.STRING).mutable(true).build(),
                        SchemaAttributeType.builder().name("email").required(true).build()));

        UserPoolType pool = created.userPool();
        assertThat(pool.id()).matches("us-east-1_[0-9A-Za-z]{9}");
        assertThat(pool.arn()).isEqualTo("arn:aws:cognito-idp:us-east-1:000000000000:userpool/" + pool.id());
        assertThat(pool.creationDate()).isNotNull();
        assertThat(pool.usernameAttributes()).containsExactly(UsernameAttributeType.EMAIL);
        assertThat(pool.policies().passwordPolicy().minimumLength()).isEqualTo(12);
        assertThat(pool.policies().passwordPolicy().requireSymbols()).isFalse();
        assertThat(pool.schemaAttributes()).extracting(SchemaAttributeType::name)
                .contains("sub", "email", "given_name", "family_name", "custom:tenant");
        assertThat(pool.schemaAttributes()).filteredOn(a -> a.name().equals("email"))
                .singleElement().satisfies(a -> assertThat(a.required()).isTrue());

        UserPoolType described = cognito.describeUserPool(r -> r.userPoolId(pool.id())).userPool();
        assertThat(described.name()).isEqualTo(pool.name());
        assertThat(described.schemaAttributes()).isEqualTo(pool.schemaAttributes());
        assertThat(described.creationDate()).isEqualTo(pool.creationDate());
    }

    @Test
    void poolIdCarriesTheRegionOfTheSignature() {
        var client = TestServer.shared(backend).client(Region.AP_SOUTHEAST_2, TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY);
        String id = client.createUserPool(r -> r.poolName(uniqueName())).userPool().id();
        assertThat(id).startsWith("ap-southeast-2_");
    }

    @Test
    void requestSignedForEuWest1CannotReadOrChangeAUsEast1Pool() {
        String id = cognito.createUserPool(r -> r.poolName(uniqueName())).userPool().id();
        var eu = TestServer.shared(backend).client(Region.EU_WEST_1, TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY);

        assertThatThrownBy(() -> eu.describeUserPool(r -> r.userPoolId(id)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("User pool " + id + " does not exist.");
        assertThatThrownBy(() -> eu.updateUserPool(r -> r.userPoolId(id).deletionProtection(DeletionProtectionType.ACTIVE)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> eu.adminCreateUser(r -> r.userPoolId(id).username("intruder")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> eu.deleteUserPool(r -> r.userPoolId(id))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(cognito.describeUserPool(r -> r.userPoolId(id)).userPool().deletionProtection())
                .isEqualTo(DeletionProtectionType.INACTIVE);
    }

    @Test
    void listUserPoolsListsOnlyTheSigningRegionsPools() {
        var eu = TestServer.shared(backend).client(Region.EU_WEST_1, TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY);
        String euId = eu.createUserPool(r -> r.poolName(uniqueName())).userPool().id();
        String usId = cognito.createUserPool(r -> r.poolName(uniqueName())).userPool().id();

        assertThat(euId).startsWith("eu-west-1_");
        assertThat(eu.listUserPoolsPaginator(r -> r.maxResults(60)).userPools().stream().map(p -> p.id()).toList())
                .contains(euId).doesNotContain(usId).allMatch(pid -> pid.startsWith("eu-west-1_"));
        assertThat(cognito.listUserPoolsPaginator(r -> r.maxResults(60)).userPools().stream().map(p -> p.id()).toList())
                .contains(usId).doesNotContain(euId);
    }

    @Test
    void updateReplacesSettingsAndKeepsName() {
        String id = cognito.createUserPool(r -> r.poolName(uniqueName())).userPool().id();
        cognito.updateUserPool(r -> r.userPoolId(id)
                .policies(p -> p.passwordPolicy(PasswordPolicyType.builder().minimumLength(20).build()))
                .deletionProtection(DeletionProtectionType.ACTIVE));
        UserPoolType pool = cognito.describeUserPool(r -> r.userPoolId(id)).userPool();
        assertThat(pool.policies().passwordPolicy().minimumLength()).isEqualTo(20);
        assertThat(pool.deletionProtection()).isEqualTo(DeletionProtectionType.ACTIVE);
        assertThat(pool.lastModifiedDate()).isAfterOrEqualTo(pool.creationDate());
    }

    @Test
    void deletionProtectionRefusesDeleteUntilLifted() {
        String id = cognito.createUserPool(r -> r.poolName(uniqueName()).deletionProtection(DeletionProtectionType.ACTIVE))
                .userPool().id();
        assertThatThrownBy(() -> cognito.deleteUserPool(r -> r.userPoolId(id)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("deletion protection");
        cognito.updateUserPool(r -> r.userPoolId(id).deletionProtection(DeletionProtectionType.INACTIVE));
        cognito.deleteUserPool(r -> r.userPoolId(id));
        assertThatThrownBy(() -> cognito.describeUserPool(r -> r.userPoolId(id)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("User pool " + id + " does not exist.");
    }

    @Test
    void listPagesThroughEveryPool() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(cognito.createUserPool(r -> r.poolName(uniqueName())).userPool().id());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListUserPoolsResponse page = cognito.listUserPools(r -> r.maxResults(2).nextToken(next));
            assertThat(page.userPools()).hasSizeLessThanOrEqualTo(2);
            page.userPools().forEach(p -> seen.add(p.id()));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsAll(mine).doesNotHaveDuplicates();
    }

    @Test
    void usernameAndAliasAttributesAreExclusive() {
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName(uniqueName())
                .usernameAttributesWithStrings("email").aliasAttributesWithStrings("preferred_username")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("AliasAttributes or UsernameAttributes");
    }

    @Test
    void invalidPoolSettingsNameTheMember() {
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName("")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("poolName");
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName(uniqueName())
                .policies(p -> p.passwordPolicy(pp -> pp.minimumLength(3)))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("minimumLength");
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName(uniqueName())
                .schema(SchemaAttributeType.builder().name("tenant").attributeDataType(AttributeDataType.STRING).required(true).build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Required custom attributes");
        assertThatThrownBy(() -> cognito.describeUserPool(r -> r.userPoolId("not a pool id")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("userPoolId");
    }
}
