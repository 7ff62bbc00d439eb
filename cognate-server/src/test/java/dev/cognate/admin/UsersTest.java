package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.jdbc.JdbcIdentityLinkStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import dev.cognate.users.IdentityLink;
import dev.cognate.users.PasswordHasher;
import dev.cognate.users.User;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ProviderUserIdentifierType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnsupportedUserStateException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

@ParameterizedClass
@EnumSource(Backend.class)
class UsersTest {
    static final String PASSWORD = "Corr3ct-Horse!";

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    JdbcUserStore userStore;
    JdbcIdentityLinkStore linkStore;

    @BeforeEach
    void connect() {
        TestServer server = TestServer.shared(backend);
        cognito = server.client();
        userStore = new JdbcUserStore(server.server().database().jdbi());
        linkStore = new JdbcIdentityLinkStore(server.server().database().jdbi());
    }

    private String pool() {
        return pool(r -> { });
    }

    /** A pool with the OIDC provider {@code entra}, which the link tests use. */
    private String pool(Consumer<CreateUserPoolRequest.Builder> settings) {
        String poolId = cognito.createUserPool(r -> {
            r.poolName("users-" + UUID.randomUUID().toString().substring(0, 8));
            settings.accept(r);
        }).userPool().id();
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra").providerType("OIDC")
                .providerDetails(java.util.Map.of("client_id", "c", "authorize_scopes", "openid email",
                        "attributes_request_method", "GET",
                        "oidc_issuer", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
                        // Given explicitly: the issuer's discovery document is out of reach here.
                        "authorize_url", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize",
                        "token_url", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token",
                        "attributes_url", "https://graph.microsoft.com/oidc/userinfo",
                        "jwks_uri", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys")));
        return poolId;
    }

    @Test
    void linkToAProviderThePoolDoesNotHaveIsRefused() {
        String poolId = pool();
        createUser(poolId, "alice");
        assertThatThrownBy(() -> link(poolId, "alice", identity("okta", "subject-1")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("okta");
    }

    private UserType createUser(String poolId, String username, AttributeType... attributes) {
        return cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username)
                .messageAction(MessageActionType.SUPPRESS).userAttributes(attributes)).user();
    }

    private static AttributeType attr(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    private static Map<String, String> attributes(java.util.List<AttributeType> attributes) {
        return attributes.stream().collect(Collectors.toMap(AttributeType::name, AttributeType::value));
    }

    private AdminGetUserResponse get(String poolId, String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username));
    }

    // AdminCreateUser

    @Test
    void createdUserHasSubAttributesAndMustChangeItsPassword() {
        String poolId = pool();
        Instant before = Instant.now().minusSeconds(1);
        UserType user = cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice")
                .temporaryPassword(PASSWORD).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(attr("email", "alice@example.com"), attr("email_verified", "true"),
                        attr("given_name", "Alice"))).user();
        assertThat(user.username()).isEqualTo("alice");
        assertThat(user.enabled()).isTrue();
        assertThat(user.userStatus()).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
        assertThat(user.userCreateDate()).isAfter(before);
        assertThat(user.attributes().getFirst().name()).isEqualTo("sub");
        Map<String, String> attributes = attributes(user.attributes());
        assertThat(UUID.fromString(attributes.get("sub"))).isNotNull();
        assertThat(attributes).containsEntry("email", "alice@example.com").containsEntry("email_verified", "true")
                .containsEntry("given_name", "Alice");
    }

    @Test
    void temporaryPasswordIsStoredAsArgon2idHashOnly() {
        String poolId = pool();
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice").temporaryPassword(PASSWORD)
                .messageAction(MessageActionType.SUPPRESS));
        User stored = userStore.find(poolId, "alice").orElseThrow();
        assertThat(stored.passwordHash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
        assertThat(new PasswordHasher().verify(PASSWORD, stored.passwordHash())).isTrue();
        assertThat(stored.toString()).doesNotContain(stored.passwordHash());
    }

    @Test
    void existingUsernameIsRefused() {
        String poolId = pool();
        createUser(poolId, "alice");
        assertThatThrownBy(() -> createUser(poolId, "alice"))
                .isInstanceOf(UsernameExistsException.class).hasMessageContaining("User account already exists");
    }

    @Test
    void usernamesIgnoreCaseOnlyWhenThePoolSaysSo() {
        String insensitive = pool(r -> r.usernameConfiguration(c -> c.caseSensitive(false)));
        createUser(insensitive, "Alice");
        assertThat(get(insensitive, "ALICE").username()).isEqualTo("Alice");
        assertThatThrownBy(() -> createUser(insensitive, "alice")).isInstanceOf(UsernameExistsException.class);

        String sensitive = pool();
        createUser(sensitive, "Alice");
        createUser(sensitive, "alice");
        assertThat(get(sensitive, "Alice").username()).isEqualTo("Alice");
        assertThatThrownBy(() -> get(sensitive, "ALICE")).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void temporaryPasswordMustMeetThePoolPolicyAndIsNeverEchoed() {
        String poolId = pool(r -> r.policies(p -> p.passwordPolicy(pp -> pp.minimumLength(12))));
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice")
                .temporaryPassword("Sh0rt-pw!")))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("Password not long enough")
                .hasMessageNotContaining("Sh0rt-pw!");
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice")
                .temporaryPassword(" Leading-space-1")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("temporaryPassword")
                .hasMessageNotContaining("Leading-space-1");
    }

    @Test
    void attributesMustFitTheSchema() {
        String poolId = pool(r -> r.schema(
                SchemaAttributeType.builder().name("email").required(true).build(),
                SchemaAttributeType.builder().name("tenant").attributeDataType(AttributeDataType.STRING)
                        .stringAttributeConstraints(c -> c.maxLength("5")).build(),
                SchemaAttributeType.builder().name("level").attributeDataType(AttributeDataType.NUMBER)
                        .numberAttributeConstraints(c -> c.minValue("1").maxValue("10")).build()));
        assertThatThrownBy(() -> createUser(poolId, "alice"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Attributes did not conform to the schema: email: The attribute is required");
        assertThatThrownBy(() -> createUser(poolId, "alice", attr("email", "a@example.com"), attr("custom:nope", "x")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("custom:nope: Attribute does not exist in the schema.");
        assertThatThrownBy(() -> createUser(poolId, "alice", attr("email", "a@example.com"), attr("email_verified", "yes")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("email_verified");
        assertThatThrownBy(() -> createUser(poolId, "alice", attr("email", "not-an-email")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Invalid email address format.");
        assertThatThrownBy(() -> createUser(poolId, "alice", attr("email", "a@example.com"), attr("phone_number", "555")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Invalid phone number format.");
        assertThatThrownBy(() -> createUser(poolId, "alice", attr("email", "a@example.com"), attr("custom:tenant", "toolong")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("custom:tenant");
        assertThatThrownBy(() -> createUser(poolId, "alice", attr("email", "a@example.com"), attr("custom:level", "11")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("custom:level");
        assertThatThrownBy(() -> createUser(poolId, "alice", attr("email", "a@example.com"), attr("sub", "mine")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("sub");
        UserType ok = createUser(poolId, "alice", attr("email", "a@example.com"), attr("custom:tenant", "acme"),
                attr("custom:level", "3"));
        assertThat(attributes(ok.attributes())).containsEntry("custom:tenant", "acme").containsEntry("custom:level", "3");
    }

    @Test
    void badRequestMembersAreNamed() {
        String poolId = pool();
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'username'");
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId(poolId).username("has space")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'username'");
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice").messageAction("SHOUT")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("messageAction");
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice")
                .desiredDeliveryMediumsWithStrings("PIGEON")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("desiredDeliveryMediums");
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId("us-east-1_nothere00").username("alice")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("User pool us-east-1_nothere00 does not exist.");
    }

    @Test
    void emailUsernamePoolsStoreTheEmailAndNameTheUserBySub() {
        String poolId = pool(r -> r.usernameAttributesWithStrings("email"));
        UserType user = createUser(poolId, "alice@example.com");
        Map<String, String> attributes = attributes(user.attributes());
        assertThat(user.username()).isEqualTo(attributes.get("sub"));
        assertThat(attributes).containsEntry("email", "alice@example.com");
        assertThat(get(poolId, "alice@example.com").username()).isEqualTo(user.username());
        assertThat(get(poolId, user.username()).username()).isEqualTo(user.username());
        assertThatThrownBy(() -> createUser(poolId, "alice@example.com"))
                .isInstanceOf(UsernameExistsException.class).hasMessageContaining("An account with the given email already exists.");
        assertThatThrownBy(() -> createUser(poolId, "alice"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Username should be an email.");
    }

    @Test
    void aliasPoolsRefuseAliasShapedUsernamesAndDuplicateVerifiedAliases() {
        String poolId = pool(r -> r.aliasAttributesWithStrings("email", "preferred_username"));
        assertThatThrownBy(() -> createUser(poolId, "alice@example.com"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("cannot be of email format");
        createUser(poolId, "alice", attr("email", "shared@example.com"), attr("email_verified", "true"),
                attr("preferred_username", "ally"));
        assertThat(get(poolId, "shared@example.com").username()).isEqualTo("alice");
        assertThat(get(poolId, "ally").username()).isEqualTo("alice");
        assertThatThrownBy(() -> createUser(poolId, "bob", attr("email", "shared@example.com"), attr("email_verified", "true")))
                .isInstanceOf(AliasExistsException.class).hasMessageContaining("email");
        assertThatThrownBy(() -> createUser(poolId, "bob", attr("preferred_username", "ally")))
                .isInstanceOf(AliasExistsException.class).hasMessageContaining("preferred_username");
        createUser(poolId, "carol", attr("email", "shared@example.com"));
    }

    @Test
    void forceAliasCreationMovesAVerifiedAliasToTheNewUser() {
        String poolId = pool(r -> r.aliasAttributesWithStrings("email"));
        createUser(poolId, "alice", attr("email", "shared@example.com"), attr("email_verified", "true"));
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("bob").forceAliasCreation(true)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(attr("email", "shared@example.com"), attr("email_verified", "true")));
        assertThat(get(poolId, "shared@example.com").username()).isEqualTo("bob");
        assertThat(attributes(get(poolId, "alice").userAttributes())).containsEntry("email_verified", "false");
    }

    @Test
    void resendNeedsAUserThatStillHasATemporaryPassword() {
        String poolId = pool();
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId(poolId).username("ghost")
                .messageAction(MessageActionType.RESEND)))
                .isInstanceOf(UserNotFoundException.class);
        createUser(poolId, "alice");
        UserType resent = cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice")
                .messageAction(MessageActionType.RESEND).temporaryPassword(PASSWORD)).user();
        assertThat(resent.userStatus()).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("alice").password(PASSWORD).permanent(true));
        assertThatThrownBy(() -> cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice")
                .messageAction(MessageActionType.RESEND)))
                .isInstanceOf(UnsupportedUserStateException.class);
    }

    @Test
    void estimatedNumberOfUsersCountsThePoolsUsers() {
        String poolId = pool();
        createUser(poolId, "alice");
        createUser(poolId, "bob");
        assertThat(cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool().estimatedNumberOfUsers()).isEqualTo(2);
    }

    @Test
    void wronglyTypedMembersAreA400NotA500() {
        String poolId = pool();
        createUser(poolId, "alice");
        TestServer server = TestServer.shared(backend);
        for (var request : java.util.List.of(
                new String[] {"AdminSetUserPassword", "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"alice\",\"Password\":\"Corr3ct-Horse!\",\"Permanent\":\"yes\"}"},
                new String[] {"AdminCreateUser", "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"bob\",\"UserAttributes\":\"email\"}"},
                new String[] {"AdminUpdateUserAttributes", "{\"UserPoolId\":\"" + poolId + "\",\"Username\":\"alice\",\"UserAttributes\":[null]}"},
                new String[] {"ListUsers", "{\"UserPoolId\":\"" + poolId + "\",\"Limit\":\"ten\"}"})) {
            RawAdminRequest.Response response = RawAdminRequest.to(server, request[0]).body(request[1]).send();
            assertThat(response.status()).as(request[0]).isEqualTo(400);
            assertThat(response.errorType()).as(request[0]).isIn("SerializationException", "InvalidParameterException");
        }
    }

    // AdminGetUser

    @Test
    void getUserAnswersEveryMember() {
        String poolId = pool();
        UserType created = createUser(poolId, "alice", attr("name", "Alice A"));
        AdminGetUserResponse user = get(poolId, "alice");
        assertThat(user.username()).isEqualTo("alice");
        assertThat(user.userAttributes()).containsExactlyElementsOf(created.attributes());
        assertThat(user.userCreateDate()).isEqualTo(created.userCreateDate());
        assertThat(user.userLastModifiedDate()).isEqualTo(created.userLastModifiedDate());
        assertThat(user.enabled()).isTrue();
        assertThat(user.userStatus()).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
        assertThat(user.hasMfaOptions()).isFalse();
        assertThat(user.preferredMfaSetting()).isNull();
    }

    @Test
    void getUserOfUnknownUserOrPoolFails() {
        String poolId = pool();
        assertThatThrownBy(() -> get(poolId, "nobody"))
                .isInstanceOf(UserNotFoundException.class).hasMessageContaining("User does not exist.");
        assertThatThrownBy(() -> get("us-east-1_nothere00", "nobody")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminGetUser(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("username");
    }

    // AdminUpdateUserAttributes, AdminDeleteUserAttributes

    @Test
    void updateChangesAttributesAndUnverifiesAChangedEmail() {
        String poolId = pool();
        createUser(poolId, "alice", attr("email", "a@example.com"), attr("email_verified", "true"), attr("name", "A"));
        cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("alice")
                .userAttributes(attr("email", "new@example.com"), attr("given_name", "Alice")));
        Map<String, String> attributes = attributes(get(poolId, "alice").userAttributes());
        assertThat(attributes).containsEntry("email", "new@example.com").containsEntry("email_verified", "false")
                .containsEntry("given_name", "Alice").containsEntry("name", "A");
        cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("alice")
                .userAttributes(attr("email", "other@example.com"), attr("email_verified", "true")));
        assertThat(attributes(get(poolId, "alice").userAttributes())).containsEntry("email_verified", "true");
    }

    @Test
    void updateRefusesUnknownImmutableAndReadOnlyAttributes() {
        String poolId = pool(r -> r.schema(SchemaAttributeType.builder().name("tenant")
                .attributeDataType(AttributeDataType.STRING).mutable(false).build()));
        createUser(poolId, "alice", attr("custom:tenant", "acme"));
        assertThatThrownBy(() -> cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("alice")
                .userAttributes(attr("custom:tenant", "other"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Invalid user attributes: custom:tenant");
        assertThatThrownBy(() -> cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("alice")
                .userAttributes(attr("nickname2", "x"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Attribute does not exist in the schema.");
        assertThatThrownBy(() -> cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("alice")
                .userAttributes(attr("sub", "x"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("sub");
        assertThatThrownBy(() -> cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("nobody")
                .userAttributes(attr("name", "x"))))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("alice")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("userAttributes");
    }

    @Test
    void updateRefusesAnEmailAnotherUserSignsInWith() {
        String poolId = pool(r -> r.usernameAttributesWithStrings("email"));
        createUser(poolId, "alice@example.com");
        createUser(poolId, "bob@example.com");
        assertThatThrownBy(() -> cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("bob@example.com")
                .userAttributes(attr("email", "alice@example.com"))))
                .isInstanceOf(AliasExistsException.class);
    }

    @Test
    void deleteAttributesRemovesThemButNotRequiredOnes() {
        String poolId = pool(r -> r.schema(SchemaAttributeType.builder().name("email").required(true).build()));
        createUser(poolId, "alice", attr("email", "a@example.com"), attr("email_verified", "true"),
                attr("given_name", "A"), attr("family_name", "B"));
        cognito.adminDeleteUserAttributes(r -> r.userPoolId(poolId).username("alice")
                .userAttributeNames("given_name", "family_name"));
        assertThat(attributes(get(poolId, "alice").userAttributes())).containsOnlyKeys("sub", "email", "email_verified");
        assertThatThrownBy(() -> cognito.adminDeleteUserAttributes(r -> r.userPoolId(poolId).username("alice")
                .userAttributeNames("email")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("email: The attribute is required");
        assertThatThrownBy(() -> cognito.adminDeleteUserAttributes(r -> r.userPoolId(poolId).username("alice")
                .userAttributeNames("custom:nope")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Attribute does not exist in the schema.");
        assertThatThrownBy(() -> cognito.adminDeleteUserAttributes(r -> r.userPoolId(poolId).username("nobody")
                .userAttributeNames("name")))
                .isInstanceOf(UserNotFoundException.class);
    }

    // AdminDeleteUser, AdminDisableUser, AdminEnableUser

    @Test
    void deletedUserIsGone() {
        String poolId = pool();
        createUser(poolId, "alice");
        cognito.adminDeleteUser(r -> r.userPoolId(poolId).username("alice"));
        assertThatThrownBy(() -> get(poolId, "alice")).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminDeleteUser(r -> r.userPoolId(poolId).username("alice")))
                .isInstanceOf(UserNotFoundException.class);
        createUser(poolId, "alice");
    }

    @Test
    void disableAndEnableFlipEnabledAndDisableRevokesTokens() {
        String poolId = pool();
        createUser(poolId, "alice");
        cognito.adminDisableUser(r -> r.userPoolId(poolId).username("alice"));
        assertThat(get(poolId, "alice").enabled()).isFalse();
        assertThat(userStore.find(poolId, "alice").orElseThrow().tokensRevokedBefore()).isNotNull();
        cognito.adminEnableUser(r -> r.userPoolId(poolId).username("alice"));
        assertThat(get(poolId, "alice").enabled()).isTrue();
        assertThatThrownBy(() -> cognito.adminDisableUser(r -> r.userPoolId(poolId).username("nobody")))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminEnableUser(r -> r.userPoolId(poolId).username("nobody")))
                .isInstanceOf(UserNotFoundException.class);
    }

    // AdminSetUserPassword

    @Test
    void setPasswordPermanentConfirmsAndTemporaryForcesAChange() {
        String poolId = pool();
        createUser(poolId, "alice");
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("alice").password(PASSWORD).permanent(true));
        assertThat(get(poolId, "alice").userStatus()).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(new PasswordHasher().verify(PASSWORD, userStore.find(poolId, "alice").orElseThrow().passwordHash())).isTrue();
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("alice").password("An0ther-Pass!").permanent(false));
        assertThat(get(poolId, "alice").userStatus()).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
        assertThat(new PasswordHasher().verify("An0ther-Pass!", userStore.find(poolId, "alice").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void setPasswordChecksThePolicyTheUserAndThePassword() {
        String poolId = pool();
        createUser(poolId, "alice");
        assertThatThrownBy(() -> cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("alice")
                .password("alllowercase1!")))
                .isInstanceOf(InvalidPasswordException.class).hasMessageContaining("uppercase")
                .hasMessageNotContaining("alllowercase1!");
        assertThatThrownBy(() -> cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("nobody").password(PASSWORD)))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("alice")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("password");
    }

    // AdminUserGlobalSignOut

    @Test
    void globalSignOutRecordsWhenTokensWereRevoked() {
        String poolId = pool();
        createUser(poolId, "alice");
        Instant before = Instant.now().minusSeconds(1);
        cognito.adminUserGlobalSignOut(r -> r.userPoolId(poolId).username("alice"));
        assertThat(userStore.find(poolId, "alice").orElseThrow().tokensRevokedBefore()).isAfter(before);
        assertThatThrownBy(() -> cognito.adminUserGlobalSignOut(r -> r.userPoolId(poolId).username("nobody")))
                .isInstanceOf(UserNotFoundException.class);
    }

    // AdminLinkProviderForUser, AdminDisableProviderForUser

    private static ProviderUserIdentifierType cognitoUser(String username) {
        return ProviderUserIdentifierType.builder().providerName("Cognito").providerAttributeValue(username).build();
    }

    private static ProviderUserIdentifierType identity(String provider, String subject) {
        return ProviderUserIdentifierType.builder().providerName(provider)
                .providerAttributeName(IdentityLink.SUBJECT).providerAttributeValue(subject).build();
    }

    private void link(String poolId, String username, ProviderUserIdentifierType source) {
        cognito.adminLinkProviderForUser(r -> r.userPoolId(poolId).destinationUser(cognitoUser(username)).sourceUser(source));
    }

    @Test
    void linkedIdentityIsRecordedForItsUser() {
        String poolId = pool();
        createUser(poolId, "alice");
        link(poolId, "alice", identity("entra", "subject-1"));
        link(poolId, "alice", identity("entra", "subject-1"));
        ProviderUserIdentifierType byEmail = ProviderUserIdentifierType.builder().providerName("entra")
                .providerAttributeName("email").providerAttributeValue("alice@example.com").build();
        link(poolId, "alice", byEmail);
        assertThat(linkStore.find(poolId, "entra", IdentityLink.SUBJECT, "subject-1")).map(IdentityLink::username).contains("alice");
        assertThat(linkStore.linksOf(poolId, "alice")).hasSize(2);
        cognito.adminDeleteUser(r -> r.userPoolId(poolId).username("alice"));
        assertThat(linkStore.find(poolId, "entra", IdentityLink.SUBJECT, "subject-1")).isEmpty();
    }

    @Test
    void aUserHasAtMostFiveLinks() {
        String poolId = pool();
        createUser(poolId, "alice");
        for (int i = 0; i < 5; i++) {
            link(poolId, "alice", identity("entra", "subject-" + i));
        }
        assertThatThrownBy(() -> link(poolId, "alice", identity("entra", "subject-5")))
                .isInstanceOf(LimitExceededException.class);
    }

    @Test
    void linkRefusesIdentitiesLinkedElsewhereOrAlreadySignedUp() {
        String poolId = pool();
        createUser(poolId, "alice");
        createUser(poolId, "bob");
        createUser(poolId, "entra_subject-9");
        link(poolId, "alice", identity("entra", "subject-1"));
        assertThatThrownBy(() -> link(poolId, "bob", identity("entra", "subject-1")))
                .isInstanceOf(AliasExistsException.class);
        assertThatThrownBy(() -> link(poolId, "bob", identity("entra", "subject-9")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Merging is not currently supported");
        assertThatThrownBy(() -> link(poolId, "bob", identity("Cognito", "alice")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Cognito");
        assertThatThrownBy(() -> link(poolId, "nobody", identity("entra", "subject-2")))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminLinkProviderForUser(r -> r.userPoolId(poolId).destinationUser(cognitoUser("bob"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("sourceUser");
        assertThatThrownBy(() -> link(poolId, "bob", ProviderUserIdentifierType.builder().providerName("entra")
                .providerAttributeValue("s").build()))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("sourceUser.providerAttributeName");
        assertThatThrownBy(() -> cognito.adminLinkProviderForUser(r -> r.userPoolId("us-east-1_nothere00")
                .destinationUser(cognitoUser("bob")).sourceUser(identity("entra", "s"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void disableProviderRemovesTheLinkAndDisablesTheFederatedUser() {
        String poolId = pool();
        createUser(poolId, "alice");
        createUser(poolId, "entra_subject-9");
        link(poolId, "alice", identity("entra", "subject-1"));
        cognito.adminDisableProviderForUser(r -> r.userPoolId(poolId).user(identity("entra", "subject-1")));
        assertThat(linkStore.find(poolId, "entra", IdentityLink.SUBJECT, "subject-1")).isEmpty();
        assertThat(get(poolId, "alice").enabled()).isTrue();
        cognito.adminDisableProviderForUser(r -> r.userPoolId(poolId).user(identity("entra", "subject-9")));
        assertThat(get(poolId, "entra_subject-9").enabled()).isFalse();
        assertThatThrownBy(() -> cognito.adminDisableProviderForUser(r -> r.userPoolId(poolId).user(identity("entra", "subject-1"))))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminDisableProviderForUser(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("user");
    }

    @Test
    void disableProviderCognitoTakesAwayTheUsersPassword() {
        String poolId = pool();
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice").temporaryPassword(PASSWORD)
                .messageAction(MessageActionType.SUPPRESS));
        cognito.adminDisableProviderForUser(r -> r.userPoolId(poolId).user(identity("Cognito", "alice")));
        assertThat(userStore.find(poolId, "alice").orElseThrow().passwordHash()).isNull();
        assertThatThrownBy(() -> cognito.adminDisableProviderForUser(r -> r.userPoolId(poolId).user(identity("Cognito", "nobody"))))
                .isInstanceOf(UserNotFoundException.class);
    }
}
