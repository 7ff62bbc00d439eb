package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdvancedSecurityModeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DefaultEmailOptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeletionProtectionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DomainDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DomainStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EmailSendingAccountType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeatureType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserPoolMfaConfigResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreTokenGenerationLambdaVersionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RecoveryOptionNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceServerScopeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceServerType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UICustomizationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UpdateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UpdateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserVerificationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * The calls the Terraform AWS provider makes for each Cognito resource, in its order, made here
 * with the AWS SDK (hashicorp/terraform-provider-aws, internal/service/cognitoidp: each resource's
 * Create, Read, Update and Delete, its importer, finder and waiter functions, and the tagging
 * interceptor). Each lifecycle asserts that the members the provider's Read sets into its state
 * are answered, and that they come back as written, after an update too. An import is a Read by
 * the resource's id; a Read that meets ResourceNotFoundException removes the resource from the
 * state, so a deleted resource must be answered that way (and a second Delete must be too, which
 * the provider ignores).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class TerraformProviderReplayTest {
    static final String CERTIFICATE = "arn:aws:acm:us-east-1:000000000000:certificate/11111111-2222-3333-4444-555555555555";
    static final String OTHER_CERTIFICATE = "arn:aws:acm:us-east-1:000000000000:certificate/66666666-7777-8888-9999-000000000000";
    static final String ROLE = "arn:aws:iam::000000000000:role/cognito-group";
    static final String OTHER_ROLE = "arn:aws:iam::000000000000:role/cognito-group-2";

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;

    @BeforeEach
    void connect() {
        cognito = TestServer.shared(backend).client();
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    String newPool() {
        return cognito.createUserPool(r -> r.poolName(unique("tf-"))).userPool().id();
    }

    /** aws_cognito_user_pool (user_pool.go; tags through UserPoolTags and the tagging interceptor). */
    @Nested
    class UserPool {
        static final SchemaAttributeType TENANT = SchemaAttributeType.builder().name("tenant")
                .attributeDataType(AttributeDataType.STRING).mutable(true).required(false).developerOnlyAttribute(false)
                .stringAttributeConstraints(c -> c.minLength("1").maxLength("64")).build();
        static final SchemaAttributeType LEVEL = SchemaAttributeType.builder().name("level")
                .attributeDataType(AttributeDataType.NUMBER).mutable(true).required(false).developerOnlyAttribute(false)
                .numberAttributeConstraints(c -> c.minValue("0").maxValue("9")).build();

        /** resourceUserPoolCreate: every block of a full configuration, then SetUserPoolMfaConfig as MFA is not OFF. */
        CreateUserPoolRequest create(String name) {
            return CreateUserPoolRequest.builder().poolName(name)
                    .userPoolTags(Map.of("team", "identity", "env", "dev"))
                    .accountRecoverySetting(a -> a.recoveryMechanisms(m -> m.name(RecoveryOptionNameType.VERIFIED_EMAIL).priority(1)))
                    .adminCreateUserConfig(a -> a.allowAdminCreateUserOnly(true).inviteMessageTemplate(t -> t
                            .emailSubject("Your account").emailMessage("User {username}, code {####}")
                            .smsMessage("User {username}, code {####}")))
                    .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                    .deletionProtection(DeletionProtectionType.INACTIVE)
                    .deviceConfiguration(d -> d.challengeRequiredOnNewDevice(false).deviceOnlyRememberedOnUserPrompt(true))
                    .emailConfiguration(e -> e.emailSendingAccount(EmailSendingAccountType.COGNITO_DEFAULT))
                    .emailVerificationSubject("Your code").emailVerificationMessage("The code is {####}")
                    .policies(p -> p.passwordPolicy(pp -> pp.minimumLength(10).requireLowercase(true).requireNumbers(true)
                                    .requireSymbols(false).requireUppercase(true).temporaryPasswordValidityDays(7)
                                    .passwordHistorySize(0))
                            .signInPolicy(s -> s.allowedFirstAuthFactors(AuthFactorType.PASSWORD)))
                    .schema(TENANT)
                    .usernameAttributes(UsernameAttributeType.EMAIL)
                    .usernameConfiguration(u -> u.caseSensitive(false))
                    .userAttributeUpdateSettings(u -> u.attributesRequireVerificationBeforeUpdate(VerifiedAttributeType.EMAIL))
                    .userPoolAddOns(a -> a.advancedSecurityMode(AdvancedSecurityModeType.OFF))
                    .verificationMessageTemplate(v -> v.defaultEmailOption(DefaultEmailOptionType.CONFIRM_WITH_CODE)
                            .emailSubject("Your code").emailMessage("The code is {####}"))
                    .build();
        }

        /** resourceUserPoolRead: findUserPoolByID then findUserPoolMFAConfigByID. */
        record Read(UserPoolType pool, GetUserPoolMfaConfigResponse mfa) {}

        Read read(String id) {
            UserPoolType pool = cognito.describeUserPool(r -> r.userPoolId(id)).userPool();
            return new Read(pool, cognito.getUserPoolMfaConfig(r -> r.userPoolId(id)));
        }

        /** What the Read flattens into the state, each as the configuration wrote it. */
        void assertReadAsConfigured(Read read, CreateUserPoolRequest config) {
            UserPoolType pool = read.pool();
            assertThat(pool.arn()).isEqualTo("arn:aws:cognito-idp:us-east-1:000000000000:userpool/" + pool.id());
            // the Read formats both dates unconditionally: a missing one would crash the provider
            assertThat(pool.creationDate()).isNotNull();
            assertThat(pool.lastModifiedDate()).isNotNull();
            assertThat(pool.name()).isEqualTo(config.poolName());
            assertThat(pool.accountRecoverySetting()).isEqualTo(config.accountRecoverySetting());
            assertThat(pool.adminCreateUserConfig().allowAdminCreateUserOnly()).isTrue();
            assertThat(pool.adminCreateUserConfig().inviteMessageTemplate())
                    .isEqualTo(config.adminCreateUserConfig().inviteMessageTemplate());
            assertThat(pool.autoVerifiedAttributes()).isEqualTo(config.autoVerifiedAttributes());
            assertThat(pool.deletionProtection()).isEqualTo(config.deletionProtection());
            assertThat(pool.deviceConfiguration()).isEqualTo(config.deviceConfiguration());
            assertThat(pool.emailConfiguration().emailSendingAccount()).isEqualTo(EmailSendingAccountType.COGNITO_DEFAULT);
            assertThat(pool.emailVerificationSubject()).isEqualTo(config.emailVerificationSubject());
            assertThat(pool.emailVerificationMessage()).isEqualTo(config.emailVerificationMessage());
            assertThat(pool.estimatedNumberOfUsers()).isNotNull();
            assertThat(pool.lambdaConfig()).isNotNull();
            // the Read dereferences Policies for both of its policies
            assertThat(pool.policies().passwordPolicy()).isEqualTo(config.policies().passwordPolicy());
            assertThat(pool.policies().signInPolicy()).isEqualTo(config.policies().signInPolicy());
            assertThat(pool.schemaAttributes()).extracting(SchemaAttributeType::name).contains("sub", "email", "custom:tenant");
            assertThat(pool.schemaAttributes()).filteredOn(a -> a.name().equals("custom:tenant")).singleElement()
                    .isEqualTo(TENANT.toBuilder().name("custom:tenant").build());
            assertThat(pool.usernameAttributes()).isEqualTo(config.usernameAttributes());
            assertThat(pool.usernameConfiguration()).isEqualTo(config.usernameConfiguration());
            assertThat(pool.userAttributeUpdateSettings()).isEqualTo(config.userAttributeUpdateSettings());
            assertThat(pool.userPoolAddOns()).isEqualTo(config.userPoolAddOns());
            assertThat(pool.verificationMessageTemplate().defaultEmailOption()).isEqualTo(DefaultEmailOptionType.CONFIRM_WITH_CODE);
            assertThat(pool.verificationMessageTemplate().emailSubject()).isEqualTo(config.verificationMessageTemplate().emailSubject());
            assertThat(pool.verificationMessageTemplate().emailMessage()).isEqualTo(config.verificationMessageTemplate().emailMessage());
        }

        @Test
        void createThenReadAnswersEveryMemberTheReadSetsAsWritten() {
            CreateUserPoolRequest config = create(unique("tf-pool-"));
            String id = cognito.createUserPool(config).userPool().id();
            cognito.setUserPoolMfaConfig(r -> r.userPoolId(id).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                    .softwareTokenMfaConfiguration(s -> s.enabled(true)));

            Read read = read(id);

            assertReadAsConfigured(read, config);
            assertThat(read.pool().userPoolTags()).isEqualTo(Map.of("team", "identity", "env", "dev"));
            assertThat(read.pool().mfaConfiguration()).isEqualTo(UserPoolMfaType.OPTIONAL);
            assertThat(read.mfa().mfaConfiguration()).isEqualTo(UserPoolMfaType.OPTIONAL);
            assertThat(read.mfa().softwareTokenMfaConfiguration().enabled()).isTrue();
        }

        @Test
        void aMinimalPoolIsReadWithoutACrashAndWithMfaOff() {
            String id = cognito.createUserPool(r -> r.poolName(unique("tf-bare-"))).userPool().id();

            Read read = read(id);

            assertThat(read.pool().creationDate()).isNotNull();
            assertThat(read.pool().lastModifiedDate()).isNotNull();
            assertThat(read.pool().policies()).isNotNull();
            assertThat(read.pool().policies().passwordPolicy()).isNotNull();
            assertThat(read.pool().userPoolTags()).isEmpty();
            assertThat(read.mfa().mfaConfiguration()).isEqualTo(UserPoolMfaType.OFF);
        }

        /**
         * resourceUserPoolUpdate after the tagging interceptor's UntagResource and TagResource: the
         * MFA configuration, then UpdateUserPool with every configured block (the provider sends the
         * whole configuration, MfaConfiguration included), then AddCustomAttributes for a schema that grew.
         */
        @Test
        void updateThenReadAnswersTheNewConfiguration() {
            CreateUserPoolRequest config = create(unique("tf-pool-"));
            UserPoolType created = cognito.createUserPool(config).userPool();
            String id = created.id();

            cognito.untagResource(r -> r.resourceArn(created.arn()).tagKeys("env"));
            cognito.tagResource(r -> r.resourceArn(created.arn()).tags(Map.of("team", "platform", "cost", "42")));
            cognito.setUserPoolMfaConfig(r -> r.userPoolId(id).mfaConfiguration(UserPoolMfaType.ON)
                    .softwareTokenMfaConfiguration(s -> s.enabled(true)));
            CreateUserPoolRequest changed = config.toBuilder()
                    .adminCreateUserConfig(a -> a.allowAdminCreateUserOnly(true).inviteMessageTemplate(t -> t
                            .emailSubject("Welcome").emailMessage("Hello {username}, use {####}")
                            .smsMessage("Hello {username}, use {####}")))
                    .deletionProtection(DeletionProtectionType.ACTIVE)
                    .deviceConfiguration(d -> d.challengeRequiredOnNewDevice(true).deviceOnlyRememberedOnUserPrompt(false))
                    .emailVerificationSubject("Another code").emailVerificationMessage("Another code: {####}")
                    .policies(p -> p.passwordPolicy(pp -> pp.minimumLength(12).requireLowercase(true).requireNumbers(false)
                                    .requireSymbols(true).requireUppercase(false).temporaryPasswordValidityDays(3)
                                    .passwordHistorySize(0))
                            .signInPolicy(s -> s.allowedFirstAuthFactors(AuthFactorType.PASSWORD)))
                    .verificationMessageTemplate(v -> v.defaultEmailOption(DefaultEmailOptionType.CONFIRM_WITH_CODE)
                            .emailSubject("Another code").emailMessage("Another code: {####}"))
                    .build();
            cognito.updateUserPool(UpdateUserPoolRequest.builder().userPoolId(id)
                    .accountRecoverySetting(changed.accountRecoverySetting())
                    .adminCreateUserConfig(changed.adminCreateUserConfig())
                    .autoVerifiedAttributes(changed.autoVerifiedAttributes())
                    .deletionProtection(changed.deletionProtection())
                    .deviceConfiguration(changed.deviceConfiguration())
                    .emailConfiguration(changed.emailConfiguration())
                    .emailVerificationSubject(changed.emailVerificationSubject())
                    .emailVerificationMessage(changed.emailVerificationMessage())
                    .mfaConfiguration(UserPoolMfaType.ON)
                    .policies(changed.policies())
                    .userAttributeUpdateSettings(changed.userAttributeUpdateSettings())
                    .userPoolAddOns(changed.userPoolAddOns())
                    .verificationMessageTemplate(changed.verificationMessageTemplate())
                    .build());
            cognito.addCustomAttributes(r -> r.userPoolId(id).customAttributes(LEVEL));

            Read read = read(id);

            assertReadAsConfigured(read, changed);
            assertThat(read.pool().userPoolTags()).isEqualTo(Map.of("team", "platform", "cost", "42"));
            assertThat(read.pool().schemaAttributes()).filteredOn(a -> a.name().equals("custom:level")).singleElement()
                    .isEqualTo(LEVEL.toBuilder().name("custom:level").build());
            assertThat(read.mfa().mfaConfiguration()).isEqualTo(UserPoolMfaType.ON);
            assertThat(cognito.listTagsForResource(r -> r.resourceArn(created.arn())).tags())
                    .isEqualTo(Map.of("team", "platform", "cost", "42"));
        }

        /** Turning MFA off again: SetUserPoolMfaConfig OFF, and UpdateUserPool (given MfaConfiguration OFF) agrees. */
        @Test
        void mfaTurnedOffByTheUpdateIsReadOff() {
            String id = cognito.createUserPool(create(unique("tf-pool-"))).userPool().id();
            cognito.setUserPoolMfaConfig(r -> r.userPoolId(id).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                    .softwareTokenMfaConfiguration(s -> s.enabled(true)));

            cognito.setUserPoolMfaConfig(r -> r.userPoolId(id).mfaConfiguration(UserPoolMfaType.OFF)
                    .softwareTokenMfaConfiguration(s -> s.enabled(false)));
            cognito.updateUserPool(r -> r.userPoolId(id).mfaConfiguration(UserPoolMfaType.OFF)
                    .autoVerifiedAttributes(VerifiedAttributeType.EMAIL));

            assertThat(read(id).mfa().mfaConfiguration()).isEqualTo(UserPoolMfaType.OFF);
            assertThat(read(id).pool().mfaConfiguration()).isEqualTo(UserPoolMfaType.OFF);
        }

        /** web_authn_configuration with MFA off: the Create's SetUserPoolMfaConfig carries WebAuthnConfiguration alone. */
        @Test
        void webAuthnWithMfaOffIsSetAloneAndRead() {
            String id = cognito.createUserPool(create(unique("tf-pool-"))).userPool().id();

            cognito.setUserPoolMfaConfig(r -> r.userPoolId(id)
                    .webAuthnConfiguration(w -> w.relyingPartyId("auth.example.com").userVerification(UserVerificationType.PREFERRED)));

            GetUserPoolMfaConfigResponse mfa = read(id).mfa();
            assertThat(mfa.mfaConfiguration()).isEqualTo(UserPoolMfaType.OFF);
            assertThat(mfa.webAuthnConfiguration().relyingPartyId()).isEqualTo("auth.example.com");
            assertThat(mfa.webAuthnConfiguration().userVerification()).isEqualTo(UserVerificationType.PREFERRED);
        }

        /** lambda_config, the Update keeping pre_token_generation and pre_token_generation_config's ARN in step. */
        @Test
        void lambdaConfigIsReadAsWrittenAndUpdated() {
            String function = "arn:aws:lambda:us-east-1:000000000000:function:";
            LambdaConfigType lambdas = LambdaConfigType.builder().preSignUp(function + "pre-sign-up")
                    .preTokenGeneration(function + "claims")
                    .preTokenGenerationConfig(c -> c.lambdaArn(function + "claims").lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0))
                    .build();
            String id = cognito.createUserPool(create(unique("tf-pool-")).toBuilder().lambdaConfig(lambdas).build())
                    .userPool().id();
            assertThat(read(id).pool().lambdaConfig()).isEqualTo(lambdas);

            LambdaConfigType changed = lambdas.toBuilder().preTokenGeneration(function + "claims-2")
                    .preTokenGenerationConfig(c -> c.lambdaArn(function + "claims-2").lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0))
                    .preSignUp(null).postConfirmation(function + "welcome").build();
            cognito.updateUserPool(r -> r.userPoolId(id).lambdaConfig(changed).autoVerifiedAttributes(VerifiedAttributeType.EMAIL));

            assertThat(read(id).pool().lambdaConfig()).isEqualTo(changed);
        }

        @Test
        void importReadsThePoolByItsIdAsTheCreateLeftIt() {
            CreateUserPoolRequest config = create(unique("tf-pool-"));
            String id = cognito.createUserPool(config).userPool().id();

            assertReadAsConfigured(read(id), config);
        }

        @Test
        void deleteThenReadIsNotFoundAndASecondDeleteToo() {
            String id = cognito.createUserPool(create(unique("tf-pool-"))).userPool().id();

            cognito.deleteUserPool(r -> r.userPoolId(id));

            assertThatThrownBy(() -> cognito.describeUserPool(r -> r.userPoolId(id))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> cognito.getUserPoolMfaConfig(r -> r.userPoolId(id))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> cognito.deleteUserPool(r -> r.userPoolId(id))).isInstanceOf(ResourceNotFoundException.class);
        }

        @Test
        void deletionProtectionRefusesTheDeleteUntilTheUpdateLiftsIt() {
            String id = cognito.createUserPool(create(unique("tf-pool-")).toBuilder()
                    .deletionProtection(DeletionProtectionType.ACTIVE).build()).userPool().id();

            assertThatThrownBy(() -> cognito.deleteUserPool(r -> r.userPoolId(id))).isInstanceOf(InvalidParameterException.class);
            cognito.updateUserPool(r -> r.userPoolId(id).deletionProtection(DeletionProtectionType.INACTIVE)
                    .autoVerifiedAttributes(VerifiedAttributeType.EMAIL));
            cognito.deleteUserPool(r -> r.userPoolId(id));

            assertThatThrownBy(() -> cognito.describeUserPool(r -> r.userPoolId(id))).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    /** aws_cognito_user_pool_client (user_pool_client.go: autoflex expands the whole plan into Create and Update). */
    @Nested
    class UserPoolClient {
        String poolId;

        @BeforeEach
        void pool() {
            poolId = newPool();
            cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("https://api.example.com").name("api")
                    .scopes(s -> s.scopeName("read").scopeDescription("read")));
        }

        CreateUserPoolClientRequest full() {
            return CreateUserPoolClientRequest.builder().userPoolId(poolId).clientName(unique("tf-client-"))
                    .generateSecret(true)
                    .accessTokenValidity(30).idTokenValidity(30).refreshTokenValidity(7)
                    .tokenValidityUnits(u -> u.accessToken(TimeUnitsType.MINUTES).idToken(TimeUnitsType.MINUTES)
                            .refreshToken(TimeUnitsType.DAYS))
                    .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email", "https://api.example.com/read")
                    .callbackURLs("https://app.example.com/callback").logoutURLs("https://app.example.com/signed-out")
                    .defaultRedirectURI("https://app.example.com/callback")
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                    .supportedIdentityProviders("COGNITO")
                    .readAttributes("email", "email_verified", "name").writeAttributes("email", "name")
                    .preventUserExistenceErrors(PreventUserExistenceErrorTypes.ENABLED)
                    .enableTokenRevocation(true).enablePropagateAdditionalUserContextData(false)
                    .authSessionValidity(5)
                    .analyticsConfiguration(a -> a.applicationArn("arn:aws:mobiletargeting:us-east-1:000000000000:apps/0123456789abcdef")
                            .userDataShared(false))
                    .refreshTokenRotation(t -> t.feature(FeatureType.ENABLED).retryGracePeriodSeconds(10))
                    .build();
        }

        /** What the provider flattens from the create answer, the update answer and the Read alike. */
        void assertAsConfigured(UserPoolClientType client, CreateUserPoolClientRequest config) {
            assertThat(client.userPoolId()).isEqualTo(config.userPoolId());
            assertThat(client.clientName()).isEqualTo(config.clientName());
            assertThat(client.accessTokenValidity()).isEqualTo(config.accessTokenValidity());
            assertThat(client.idTokenValidity()).isEqualTo(config.idTokenValidity());
            assertThat(client.refreshTokenValidity()).isEqualTo(config.refreshTokenValidity());
            assertThat(client.tokenValidityUnits()).isEqualTo(config.tokenValidityUnits());
            assertThat(client.allowedOAuthFlowsUserPoolClient()).isEqualTo(config.allowedOAuthFlowsUserPoolClient());
            assertThat(client.allowedOAuthFlows()).containsExactlyInAnyOrderElementsOf(config.allowedOAuthFlows());
            assertThat(client.allowedOAuthScopes()).containsExactlyInAnyOrderElementsOf(config.allowedOAuthScopes());
            assertThat(client.callbackURLs()).containsExactlyInAnyOrderElementsOf(config.callbackURLs());
            assertThat(client.logoutURLs()).containsExactlyInAnyOrderElementsOf(config.logoutURLs());
            assertThat(client.defaultRedirectURI()).isEqualTo(config.defaultRedirectURI());
            assertThat(client.explicitAuthFlows()).containsExactlyInAnyOrderElementsOf(config.explicitAuthFlows());
            assertThat(client.supportedIdentityProviders()).containsExactlyInAnyOrderElementsOf(config.supportedIdentityProviders());
            assertThat(client.readAttributes()).containsExactlyInAnyOrderElementsOf(config.readAttributes());
            assertThat(client.writeAttributes()).containsExactlyInAnyOrderElementsOf(config.writeAttributes());
            assertThat(client.preventUserExistenceErrors()).isEqualTo(config.preventUserExistenceErrors());
            assertThat(client.enableTokenRevocation()).isEqualTo(config.enableTokenRevocation());
            assertThat(client.enablePropagateAdditionalUserContextData()).isEqualTo(config.enablePropagateAdditionalUserContextData());
            assertThat(client.authSessionValidity()).isEqualTo(config.authSessionValidity());
            assertThat(client.analyticsConfiguration()).isEqualTo(config.analyticsConfiguration());
            assertThat(client.refreshTokenRotation()).isEqualTo(config.refreshTokenRotation());
        }

        UserPoolClientType read(String clientId) {
            return cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId)).userPoolClient();
        }

        @Test
        void createAnswersWhatTheReadAnswersAndBothAsConfigured() {
            CreateUserPoolClientRequest config = full();
            UserPoolClientType created = cognito.createUserPoolClient(config).userPoolClient();

            assertAsConfigured(created, config);
            assertThat(created.clientSecret()).isNotBlank();
            UserPoolClientType read = read(created.clientId());
            assertAsConfigured(read, config);
            assertThat(read).isEqualTo(created);
        }

        /**
         * A configuration that names only the client: every other attribute is Computed and kept from
         * the create answer (UseStateForUnknown), so the Read must answer the same defaults, else each
         * plan would show a change.
         */
        @Test
        void aMinimalClientsDefaultsAreReadAsTheCreateAnsweredThem() {
            UserPoolClientType created = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("bare"))
                    .userPoolClient();

            assertThat(read(created.clientId())).isEqualTo(created);
            assertThat(created.refreshTokenValidity()).isEqualTo(30);
            assertThat(created.authSessionValidity()).isEqualTo(3);
            assertThat(created.enableTokenRevocation()).isTrue();
            assertThat(created.tokenValidityUnits()).isNotNull();
        }

        /** resourceUserPoolClient Update: UpdateUserPoolClient with the whole plan; its answer is flattened into the state. */
        @Test
        void updateWithTheWholePlanIsAnsweredAndReadAsConfigured() {
            CreateUserPoolClientRequest config = full();
            UserPoolClientType created = cognito.createUserPoolClient(config).userPoolClient();
            CreateUserPoolClientRequest changed = config.toBuilder().clientName(unique("tf-renamed-"))
                    .accessTokenValidity(2).idTokenValidity(2).refreshTokenValidity(90)
                    .tokenValidityUnits(u -> u.accessToken(TimeUnitsType.HOURS).idToken(TimeUnitsType.HOURS)
                            .refreshToken(TimeUnitsType.DAYS))
                    .allowedOAuthScopes("openid", "https://api.example.com/read")
                    .callbackURLs("https://app.example.com/callback", "https://app.example.com/other")
                    .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                    .preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY)
                    .enableTokenRevocation(false).authSessionValidity(10).build();

            UserPoolClientType updated = cognito.updateUserPoolClient(update(created.clientId(), changed)).userPoolClient();

            assertAsConfigured(updated, changed);
            assertThat(updated.clientSecret()).isEqualTo(created.clientSecret());
            assertThat(read(created.clientId())).isEqualTo(updated);
        }

        /**
         * A configuration that drops its token_validity_units block (and gives validities in the
         * default units): the Update sends Cognito's default units, hours, hours and days.
         */
        @Test
        void unitsRemovedFromTheConfigurationAreResetToTheDefaults() {
            UserPoolClientType created = cognito.createUserPoolClient(full()).userPoolClient();
            CreateUserPoolClientRequest plan = full().toBuilder().clientName(created.clientName())
                    .accessTokenValidity(1).idTokenValidity(1).refreshTokenValidity(30).build();

            cognito.updateUserPoolClient(update(created.clientId(), plan).toBuilder()
                    .tokenValidityUnits(u -> u.accessToken(TimeUnitsType.HOURS).idToken(TimeUnitsType.HOURS)
                            .refreshToken(TimeUnitsType.DAYS)).build());

            UserPoolClientType read = read(created.clientId());
            assertThat(read.tokenValidityUnits().accessToken()).isEqualTo(TimeUnitsType.HOURS);
            assertThat(read.tokenValidityUnits().idToken()).isEqualTo(TimeUnitsType.HOURS);
            assertThat(read.tokenValidityUnits().refreshToken()).isEqualTo(TimeUnitsType.DAYS);
            assertThat(read.accessTokenValidity()).isEqualTo(1);
        }

        @Test
        void importReadsTheClientByPoolAndClientId() {
            CreateUserPoolClientRequest config = full();
            UserPoolClientType created = cognito.createUserPoolClient(config).userPoolClient();
            String importId = poolId + "/" + created.clientId();
            String[] parts = importId.split("/");

            UserPoolClientType imported = cognito.describeUserPoolClient(r -> r.userPoolId(parts[0]).clientId(parts[1]))
                    .userPoolClient();

            assertAsConfigured(imported, config);
            assertThat(imported.clientSecret()).isEqualTo(created.clientSecret());
        }

        @Test
        void deleteThenReadIsNotFoundAndASecondDeleteToo() {
            String clientId = cognito.createUserPoolClient(full()).userPoolClient().clientId();

            cognito.deleteUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId));

            assertThatThrownBy(() -> read(clientId)).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> cognito.deleteUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }

        UpdateUserPoolClientRequest update(String clientId, CreateUserPoolClientRequest plan) {
            return UpdateUserPoolClientRequest.builder().userPoolId(plan.userPoolId()).clientId(clientId)
                    .clientName(plan.clientName())
                    .accessTokenValidity(plan.accessTokenValidity()).idTokenValidity(plan.idTokenValidity())
                    .refreshTokenValidity(plan.refreshTokenValidity()).tokenValidityUnits(plan.tokenValidityUnits())
                    .allowedOAuthFlowsUserPoolClient(plan.allowedOAuthFlowsUserPoolClient())
                    .allowedOAuthFlows(plan.allowedOAuthFlows()).allowedOAuthScopes(plan.allowedOAuthScopes())
                    .callbackURLs(plan.callbackURLs()).logoutURLs(plan.logoutURLs())
                    .defaultRedirectURI(plan.defaultRedirectURI()).explicitAuthFlows(plan.explicitAuthFlows())
                    .supportedIdentityProviders(plan.supportedIdentityProviders())
                    .readAttributes(plan.readAttributes()).writeAttributes(plan.writeAttributes())
                    .preventUserExistenceErrors(plan.preventUserExistenceErrors())
                    .enableTokenRevocation(plan.enableTokenRevocation())
                    .enablePropagateAdditionalUserContextData(plan.enablePropagateAdditionalUserContextData())
                    .authSessionValidity(plan.authSessionValidity())
                    .analyticsConfiguration(plan.analyticsConfiguration())
                    .refreshTokenRotation(plan.refreshTokenRotation())
                    .build();
        }
    }

    /**
     * aws_cognito_managed_user_pool_client (managed_user_pool_client.go): a client another service
     * made is found by its name (ListUserPoolClients page by page, then DescribeUserPoolClient),
     * brought to the configuration with UpdateUserPoolClient, read with DescribeUserPoolClient, and
     * left alone by the Delete.
     */
    @Nested
    class ManagedUserPoolClient {
        @Test
        void foundByNamePrefixUpdatedReadAndLeftAloneByDelete() {
            String poolId = newPool();
            for (int i = 0; i < 3; i++) {
                int n = i;
                cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("other-" + n));
            }
            UserPoolClientType made = cognito.createUserPoolClient(r -> r.userPoolId(poolId)
                    .clientName("AmazonOpenSearchService-" + UUID.randomUUID().toString().substring(0, 8))
                    .generateSecret(true).allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid").callbackURLs("https://search.example.com/_dashboards/app/home")
                    .supportedIdentityProviders("COGNITO")).userPoolClient();

            List<UserPoolClientDescription> matching = cognito.listUserPoolClientsPaginator(r -> r.userPoolId(poolId)
                            .maxResults(2))
                    .userPoolClients().stream().filter(c -> c.clientName().startsWith("AmazonOpenSearchService-")).toList();
            assertThat(matching).singleElement().extracting(UserPoolClientDescription::clientId).isEqualTo(made.clientId());
            UserPoolClientType found = cognito.describeUserPoolClient(r -> r.userPoolId(poolId)
                    .clientId(matching.get(0).clientId())).userPoolClient();
            assertThat(found).isEqualTo(made);

            UserPoolClientType updated = cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId(found.clientId())
                    .clientName(found.clientName())
                    .accessTokenValidity(found.accessTokenValidity()).idTokenValidity(found.idTokenValidity())
                    .refreshTokenValidity(found.refreshTokenValidity()).tokenValidityUnits(found.tokenValidityUnits())
                    .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(found.allowedOAuthFlows())
                    .allowedOAuthScopes("openid", "email", "profile").callbackURLs(found.callbackURLs())
                    .logoutURLs("https://search.example.com/_dashboards/app/logout")
                    .explicitAuthFlows(found.explicitAuthFlows()).supportedIdentityProviders(found.supportedIdentityProviders())
                    .preventUserExistenceErrors(found.preventUserExistenceErrors())
                    .enableTokenRevocation(found.enableTokenRevocation())
                    .enablePropagateAdditionalUserContextData(found.enablePropagateAdditionalUserContextData())
                    .authSessionValidity(found.authSessionValidity())).userPoolClient();

            assertThat(updated.allowedOAuthScopes()).containsExactlyInAnyOrder("openid", "email", "profile");
            assertThat(updated.logoutURLs()).containsExactly("https://search.example.com/_dashboards/app/logout");
            assertThat(updated.clientSecret()).isEqualTo(made.clientSecret());
            assertThat(cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId(made.clientId())).userPoolClient())
                    .isEqualTo(updated);
        }
    }

    /** aws_cognito_user_pool_domain (user_pool_domain.go, with its waiters on DescribeUserPoolDomain's Status). */
    @Nested
    class UserPoolDomain {
        String poolId;

        @BeforeEach
        void pool() {
            poolId = newPool();
        }

        /** statusUserPoolDomain: an answer without a Status is "not found", the waiters' target after a delete. */
        Optional<DomainDescriptionType> find(String domain) {
            DomainDescriptionType description = cognito.describeUserPoolDomain(r -> r.domain(domain)).domainDescription();
            return description == null || description.status() == null ? Optional.empty() : Optional.of(description);
        }

        @Test
        void prefixDomainIsActiveAtOnceAndReadWithEveryMember() {
            String domain = unique("tf-");
            cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(domain).managedLoginVersion(1));

            DomainDescriptionType read = find(domain).orElseThrow();

            assertThat(read.status()).isEqualTo(DomainStatusType.ACTIVE);
            assertThat(read.awsAccountId()).isEqualTo("000000000000");
            assertThat(read.customDomainConfig()).isNull();
            assertThat(read.cloudFrontDistribution()).isNotBlank();
            assertThat(read.domain()).isEqualTo(domain);
            assertThat(read.s3Bucket()).isNotBlank();
            assertThat(read.userPoolId()).isEqualTo(poolId);
            assertThat(read.version()).isNotBlank();
            assertThat(read.managedLoginVersion()).isEqualTo(1);
        }

        @Test
        void customDomainsCertificateChangeIsAnUpdateThatEndsActive() {
            String domain = unique("auth-") + ".example.com";
            cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(domain)
                    .customDomainConfig(c -> c.certificateArn(CERTIFICATE)));
            assertThat(find(domain).orElseThrow().customDomainConfig().certificateArn()).isEqualTo(CERTIFICATE);

            cognito.updateUserPoolDomain(r -> r.userPoolId(poolId).domain(domain)
                    .customDomainConfig(c -> c.certificateArn(OTHER_CERTIFICATE)));

            DomainDescriptionType read = find(domain).orElseThrow();
            assertThat(read.status()).isEqualTo(DomainStatusType.ACTIVE);
            assertThat(read.customDomainConfig().certificateArn()).isEqualTo(OTHER_CERTIFICATE);
            assertThat(read.cloudFrontDistribution()).endsWith(".cloudfront.net");
        }

        @Test
        void managedLoginVersionChangeIsAnUpdate() {
            String domain = unique("tf-");
            cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(domain));

            cognito.updateUserPoolDomain(r -> r.userPoolId(poolId).domain(domain).managedLoginVersion(2));

            assertThat(find(domain).orElseThrow().managedLoginVersion()).isEqualTo(2);
        }

        @Test
        void importReadsTheDomainByItsName() {
            String domain = unique("tf-");
            cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(domain));

            assertThat(find(domain).orElseThrow().userPoolId()).isEqualTo(poolId);
        }

        /** The Delete, its waiter until the Status is gone, and a second Delete answering "No such domain", which it ignores. */
        @Test
        void deleteEndsWithAnEmptyDescriptionAndASecondDeleteIsNoSuchDomain() {
            String domain = unique("tf-");
            cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(domain));

            cognito.deleteUserPoolDomain(r -> r.userPoolId(poolId).domain(domain));

            assertThat(find(domain)).isEmpty();
            assertThatThrownBy(() -> cognito.deleteUserPoolDomain(r -> r.userPoolId(poolId).domain(domain)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("No such domain");
        }
    }

    /** aws_cognito_identity_provider (identity_provider.go; id "poolId:ProviderName"; Update sends only what changed). */
    @Nested
    class IdentityProvider {
        static final Map<String, String> MAPPING = Map.of("email", "email", "username", "sub");

        String poolId;

        @BeforeEach
        void pool() {
            poolId = newPool();
        }

        IdentityProviderType read(String id) {
            String[] parts = id.split(":");
            return cognito.describeIdentityProvider(r -> r.userPoolId(parts[0]).providerName(parts[1])).identityProvider();
        }

        String create(Map<String, String> details) {
            cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                    .providerType(IdentityProviderTypeType.OIDC).attributeMapping(MAPPING)
                    .idpIdentifiers("contoso.com").providerDetails(details));
            return poolId + ":entra";
        }

        @Test
        void createThenReadAnswersTheConfiguredMembersAndCognitosAdditions() {
            Map<String, String> details = IdentityProvidersTest.entraDetails("entra-secret-1");

            IdentityProviderType read = read(create(details));

            assertThat(read.userPoolId()).isEqualTo(poolId);
            assertThat(read.providerName()).isEqualTo("entra");
            assertThat(read.providerType()).isEqualTo(IdentityProviderTypeType.OIDC);
            assertThat(read.attributeMapping()).containsAllEntriesOf(MAPPING);
            assertThat(read.idpIdentifiers()).containsExactly("contoso.com");
            assertThat(read.providerDetails()).containsAllEntriesOf(details)
                    .containsEntry("attributes_url_add_attributes", "false");
        }

        @Test
        void updateOfTheMappingAloneKeepsTheDetailsAndTheSecret() {
            String id = create(IdentityProvidersTest.entraDetails("entra-secret-1"));

            cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                    .attributeMapping(Map.of("email", "email", "given_name", "given_name", "username", "sub")));

            IdentityProviderType read = read(id);
            assertThat(read.attributeMapping()).contains(entry("given_name", "given_name"));
            assertThat(read.providerDetails()).containsEntry("client_secret", "entra-secret-1");
            assertThat(read.idpIdentifiers()).containsExactly("contoso.com");
        }

        /**
         * A configuration that copies what the Read put in the state (to silence the diff of the keys
         * Cognito adds, the read-only attributes_url_add_attributes among them) and changes a value.
         */
        @Test
        void updateOfTheDetailsAsTheStateHoldsThemIsAccepted() {
            String id = create(IdentityProvidersTest.entraDetails("entra-secret-1"));
            Map<String, String> state = new HashMap<>(read(id).providerDetails());
            state.put("authorize_scopes", "openid email");
            state.put("client_secret", "entra-secret-2");

            cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra").providerDetails(state)
                    .idpIdentifiers("contoso.com", "fabrikam.com"));

            IdentityProviderType read = read(id);
            assertThat(read.providerDetails()).containsEntry("authorize_scopes", "openid email")
                    .containsEntry("client_secret", "entra-secret-2");
            assertThat(read.idpIdentifiers()).containsExactlyInAnyOrder("contoso.com", "fabrikam.com");
        }

        /**
         * The provider's Google example (client id, secret, authorize_scopes), then the configuration
         * Terraform users write to silence the diff: the keys Cognito fills in, copied from the state.
         * Both plans must then find nothing to change.
         */
        @Test
        void aGoogleProviderReadsBackCognitosFilledKeysAndTakesThemBackUnchanged() {
            Map<String, String> configured = Map.of("client_id", "1234-abc.apps.googleusercontent.com",
                    "client_secret", "GOCSPX-secret", "authorize_scopes", "email");
            cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("Google")
                    .providerType(IdentityProviderTypeType.GOOGLE).attributeMapping(MAPPING).providerDetails(configured));
            Map<String, String> state = read(poolId + ":Google").providerDetails();
            assertThat(state).containsAllEntriesOf(configured).containsKeys("authorize_url", "token_url",
                    "attributes_url", "attributes_url_add_attributes", "oidc_issuer", "token_request_method");

            cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("Google").providerDetails(state));

            assertThat(read(poolId + ":Google").providerDetails()).isEqualTo(state);
        }

        @Test
        void deleteThenReadIsNotFoundAndASecondDeleteToo() {
            String id = create(IdentityProvidersTest.entraDetails("entra-secret-1"));

            cognito.deleteIdentityProvider(r -> r.userPoolId(poolId).providerName("entra"));

            assertThatThrownBy(() -> read(id)).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> cognito.deleteIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    /** aws_cognito_resource_server (resource_server.go; id "poolId|identifier"; Update sends name and every scope). */
    @Nested
    class ResourceServer {
        @Test
        void createReadUpdateImportAndDelete() {
            String poolId = newPool();
            String identifier = "https://" + unique("api-") + ".example.com";
            cognito.createResourceServer(r -> r.userPoolId(poolId).identifier(identifier).name("api")
                    .scopes(s -> s.scopeName("read").scopeDescription("Read"), s -> s.scopeName("write").scopeDescription("Write")));
            String id = poolId + "|" + identifier;

            ResourceServerType read = read(id);
            assertThat(read.identifier()).isEqualTo(identifier);
            assertThat(read.name()).isEqualTo("api");
            assertThat(read.userPoolId()).isEqualTo(poolId);
            assertThat(read.scopes()).extracting(ResourceServerScopeType::scopeName).containsExactlyInAnyOrder("read", "write");

            cognito.updateResourceServer(r -> r.userPoolId(poolId).identifier(identifier).name("api v2")
                    .scopes(s -> s.scopeName("read").scopeDescription("Read it all")));

            ResourceServerType updated = read(id);
            assertThat(updated.name()).isEqualTo("api v2");
            assertThat(updated.scopes()).containsExactly(ResourceServerScopeType.builder().scopeName("read")
                    .scopeDescription("Read it all").build());

            cognito.deleteResourceServer(r -> r.userPoolId(poolId).identifier(identifier));
            assertThatThrownBy(() -> read(id)).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> cognito.deleteResourceServer(r -> r.userPoolId(poolId).identifier(identifier)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }

        ResourceServerType read(String id) {
            String[] parts = id.split("\\|");
            return cognito.describeResourceServer(r -> r.userPoolId(parts[0]).identifier(parts[1])).resourceServer();
        }
    }

    /** aws_cognito_user_group (user_group.go; id "poolId/GroupName"; Update sends only what changed). */
    @Nested
    class UserGroup {
        @Test
        void createReadPartialUpdateImportAndDelete() {
            String poolId = newPool();
            GroupType created = cognito.createGroup(r -> r.userPoolId(poolId).groupName("admins").description("Admins")
                    .precedence(1).roleArn(ROLE)).group();
            String id = created.userPoolId() + "/" + created.groupName();

            GroupType read = read(id);
            assertThat(read.description()).isEqualTo("Admins");
            assertThat(read.precedence()).isEqualTo(1);
            assertThat(read.roleArn()).isEqualTo(ROLE);

            cognito.updateGroup(r -> r.userPoolId(poolId).groupName("admins").roleArn(OTHER_ROLE));
            GroupType updated = read(id);
            assertThat(updated.roleArn()).isEqualTo(OTHER_ROLE);
            assertThat(updated.description()).isEqualTo("Admins");
            assertThat(updated.precedence()).isEqualTo(1);

            cognito.updateGroup(r -> r.userPoolId(poolId).groupName("admins").description("").precedence(0));
            GroupType cleared = read(id);
            assertThat(cleared.description()).isNullOrEmpty();
            assertThat(cleared.precedence()).isZero();

            cognito.deleteGroup(r -> r.userPoolId(poolId).groupName("admins"));
            assertThatThrownBy(() -> read(id)).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> cognito.deleteGroup(r -> r.userPoolId(poolId).groupName("admins")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }

        GroupType read(String id) {
            String[] parts = id.split("/", 2);
            return cognito.getGroup(r -> r.userPoolId(parts[0]).groupName(parts[1])).group();
        }
    }

    /** aws_cognito_user (user.go; id "poolId/username"). */
    @Nested
    class User {
        String poolId;

        @BeforeEach
        void pool() {
            poolId = cognito.createUserPool(r -> r.poolName(unique("tf-users-"))
                    .schema(SchemaAttributeType.builder().name("team").attributeDataType(AttributeDataType.STRING).build()))
                    .userPool().id();
        }

        AdminGetUserResponse read(String id) {
            String[] parts = id.split("/");
            return cognito.adminGetUser(r -> r.userPoolId(parts[0]).username(parts[1]));
        }

        static Map<String, String> attributes(AdminGetUserResponse user) {
            Map<String, String> out = new HashMap<>();
            user.userAttributes().forEach(a -> out.put(a.name(), a.value()));
            return out;
        }

        /** resourceUserCreate for a disabled user with a permanent password: create, disable, set the password. */
        @Test
        void createDisableAndPasswordThenReadAnswersEveryMember() {
            cognito.adminCreateUser(r -> r.userPoolId(poolId).username("alice").messageAction(MessageActionType.SUPPRESS)
                    .desiredDeliveryMediums(DeliveryMediumType.EMAIL).forceAliasCreation(false)
                    .clientMetadata(Map.of("source", "terraform"))
                    .userAttributes(attr("email", "alice@example.com"), attr("email_verified", "true"),
                            attr("custom:team", "blue"))
                    .validationData(attr("invited", "yes")));
            cognito.adminDisableUser(r -> r.userPoolId(poolId).username("alice"));
            cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("alice").password("Corr3ct-Horse!")
                    .permanent(true));

            AdminGetUserResponse read = read(poolId + "/alice");

            assertThat(attributes(read)).containsEntry("email", "alice@example.com").containsEntry("email_verified", "true")
                    .containsEntry("custom:team", "blue").containsKey("sub");
            // the Read formats both dates unconditionally
            assertThat(read.userCreateDate()).isNotNull();
            assertThat(read.userLastModifiedDate()).isNotNull();
            assertThat(read.enabled()).isFalse();
            assertThat(read.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
            assertThat(read.userMFASettingList()).isEmpty();
            assertThat(read.preferredMfaSetting()).isNull();
        }

        /** resourceUserUpdate: changed attributes, removed ones (custom: prefixed), enabled, then a temporary password. */
        @Test
        void updateChangesRemovesEnablesAndResetsThePassword() {
            cognito.adminCreateUser(r -> r.userPoolId(poolId).username("bob").messageAction(MessageActionType.SUPPRESS)
                    .temporaryPassword("Temp-Passw0rd!")
                    .userAttributes(attr("email", "bob@example.com"), attr("custom:team", "red"), attr("name", "Bob")));
            String id = poolId + "/bob";
            assertThat(read(id).userStatus()).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
            cognito.adminDisableUser(r -> r.userPoolId(poolId).username("bob"));

            cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("bob")
                    .userAttributes(attr("email", "robert@example.com")).clientMetadata(Map.of("source", "terraform")));
            cognito.adminDeleteUserAttributes(r -> r.userPoolId(poolId).username("bob").userAttributeNames("custom:team", "name"));
            cognito.adminEnableUser(r -> r.userPoolId(poolId).username("bob"));
            cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("bob").password("An0ther-Temp!").permanent(false));

            AdminGetUserResponse read = read(id);
            assertThat(attributes(read)).containsEntry("email", "robert@example.com").doesNotContainKeys("custom:team", "name");
            assertThat(read.enabled()).isTrue();
            assertThat(read.userStatus()).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
        }

        @Test
        void deleteThenReadIsUserNotFoundAndASecondDeleteToo() {
            cognito.adminCreateUser(r -> r.userPoolId(poolId).username("carol").messageAction(MessageActionType.SUPPRESS));

            cognito.adminDeleteUser(r -> r.userPoolId(poolId).username("carol"));

            assertThatThrownBy(() -> read(poolId + "/carol")).isInstanceOf(UserNotFoundException.class);
            assertThatThrownBy(() -> cognito.adminDeleteUser(r -> r.userPoolId(poolId).username("carol")))
                    .isInstanceOf(UserNotFoundException.class);
        }
    }

    /** aws_cognito_user_in_group (user_in_group.go; read by AdminListGroupsForUser page by page; import "poolId,group,username"). */
    @Nested
    class UserInGroup {
        @Test
        void addReadImportAndRemove() {
            String poolId = newPool();
            for (String group : List.of("a", "b", "c", "readers")) {
                cognito.createGroup(r -> r.userPoolId(poolId).groupName(group));
            }
            cognito.adminCreateUser(r -> r.userPoolId(poolId).username("dave").messageAction(MessageActionType.SUPPRESS));
            for (String group : List.of("a", "b", "c")) {
                cognito.adminAddUserToGroup(r -> r.userPoolId(poolId).groupName(group).username("dave"));
            }

            cognito.adminAddUserToGroup(r -> r.userPoolId(poolId).groupName("readers").username("dave"));

            String importId = poolId + ",readers,dave";
            String[] parts = importId.split(",");
            assertThat(inGroup(parts[0], parts[1], parts[2])).isTrue();

            cognito.adminRemoveUserFromGroup(r -> r.userPoolId(poolId).groupName("readers").username("dave"));
            assertThat(inGroup(poolId, "readers", "dave")).isFalse();
            assertThat(inGroup(poolId, "a", "dave")).isTrue();
        }

        /** findGroupUserByThreePartKey: the user's groups, two to a page. */
        boolean inGroup(String poolId, String group, String username) {
            return cognito.adminListGroupsForUserPaginator(r -> r.userPoolId(poolId).username(username).limit(2))
                    .groups().stream().anyMatch(g -> g.groupName().equals(group));
        }
    }

    /** aws_cognito_user_pool_ui_customization (user_pool_ui_customization.go; id "poolId,clientId"; Delete sets nothing). */
    @Nested
    class UiCustomization {
        static final String CSS = ".label-customizable {font-weight: 400;}";
        static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};

        String poolId;
        String clientId;

        @BeforeEach
        void poolAndClient() {
            poolId = newPool();
            clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")).userPoolClient().clientId();
        }

        /** findUserPoolUICustomizationByTwoPartKey: the empty shape means "not found". */
        Optional<UICustomizationType> read(String id) {
            String[] parts = id.split(",");
            UICustomizationType ui = cognito.getUICustomization(r -> r.userPoolId(parts[0]).clientId(parts[1])).uiCustomization();
            return ui == null || ui.equals(UICustomizationType.builder().build()) ? Optional.empty() : Optional.of(ui);
        }

        @Test
        void putReadUpdateImportAndDeleteForOneClient() {
            cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId).css(CSS)
                    .imageFile(SdkBytes.fromByteArray(PNG)));
            String id = poolId + "," + clientId;

            UICustomizationType read = read(id).orElseThrow();
            assertThat(read.clientId()).isEqualTo(clientId);
            assertThat(read.userPoolId()).isEqualTo(poolId);
            assertThat(read.css()).isEqualTo(CSS);
            assertThat(read.cssVersion()).isNotBlank();
            assertThat(read.imageUrl()).endsWith("/image.png");
            assertThat(read.creationDate()).isNotNull();
            assertThat(read.lastModifiedDate()).isNotNull();

            cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId).css(".banner-customizable {padding: 0;}"));
            UICustomizationType updated = read(id).orElseThrow();
            assertThat(updated.css()).isEqualTo(".banner-customizable {padding: 0;}");
            assertThat(updated.cssVersion()).isNotEqualTo(read.cssVersion());

            cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId));
            assertThat(read(id)).isEmpty();
        }

        @Test
        void theWholePoolsCustomizationIsClientAll() {
            cognito.setUICustomization(r -> r.userPoolId(poolId).clientId("ALL").css(CSS));

            UICustomizationType read = read(poolId + ",ALL").orElseThrow();
            assertThat(read.clientId()).isEqualTo("ALL");
            assertThat(read.css()).isEqualTo(CSS);

            cognito.setUICustomization(r -> r.userPoolId(poolId).clientId("ALL"));
            assertThat(read(poolId + ",ALL")).isEmpty();
        }

        @Test
        void deleteOnAPoolThatIsGoneIsNotFound() {
            cognito.deleteUserPool(r -> r.userPoolId(poolId));

            assertThatThrownBy(() -> cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    static AttributeType attr(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }
}
