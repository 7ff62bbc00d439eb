package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidOAuthFlowException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUserPoolClientsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ScopeDoesNotExistException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

@ParameterizedClass
@EnumSource(Backend.class)
class AppClientsTest {
    static final String CALLBACK = "https://app.example.com/callback";

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeEach
    void createPool() {
        cognito = TestServer.shared(backend).client();
        poolId = newPool();
        cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("https://api.example.com").name("api")
                .scopes(s -> s.scopeName("orders.read").scopeDescription("Read orders")));
    }

    private String newPool() {
        return cognito.createUserPool(r -> r.poolName("clients-" + UUID.randomUUID().toString().substring(0, 8))
                .schema(SchemaAttributeType.builder().name("tenant").attributeDataType(AttributeDataType.STRING).build()))
                .userPool().id();
    }

    private UserPoolClientType create(java.util.function.Consumer<CreateUserPoolClientRequest.Builder> settings) {
        return cognito.createUserPoolClient(r -> {
            r.userPoolId(poolId).clientName("app");
            settings.accept(r);
        }).userPoolClient();
    }

    private UserPoolClientType describe(String clientId) {
        return cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId)).userPoolClient();
    }

    @Test
    void newClientHasAwsDefaults() {
        UserPoolClientType client = create(r -> { });
        assertThat(client.clientId()).matches("[a-z0-9]{26}");
        assertThat(client.userPoolId()).isEqualTo(poolId);
        assertThat(client.clientName()).isEqualTo("app");
        assertThat(client.clientSecret()).isNull();
        assertThat(client.creationDate()).isNotNull();
        assertThat(client.lastModifiedDate()).isEqualTo(client.creationDate());
        assertThat(client.refreshTokenValidity()).isEqualTo(30);
        assertThat(client.accessTokenValidity()).isNull();
        assertThat(client.idTokenValidity()).isNull();
        assertThat(client.tokenValidityUnits()).isNotNull();
        assertThat(client.tokenValidityUnits().accessToken()).isNull();
        assertThat(client.allowedOAuthFlowsUserPoolClient()).isFalse();
        assertThat(client.preventUserExistenceErrors()).isEqualTo(PreventUserExistenceErrorTypes.ENABLED);
        assertThat(client.enableTokenRevocation()).isTrue();
        assertThat(client.enablePropagateAdditionalUserContextData()).isFalse();
        assertThat(client.authSessionValidity()).isEqualTo(3);
        assertThat(describe(client.clientId())).isEqualTo(client);
    }

    @Test
    void generatedSecretIsAnsweredByCreateAndDescribeButNotByList() {
        UserPoolClientType client = create(r -> r.generateSecret(true));
        assertThat(client.clientSecret()).matches("[a-z0-9]{51}");
        assertThat(describe(client.clientId()).clientSecret()).isEqualTo(client.clientSecret());
        var listed = RawAdminRequest.to(TestServer.shared(backend), "ListUserPoolClients")
                .body("{\"UserPoolId\":\"" + poolId + "\",\"MaxResults\":60}").send();
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(client.clientId()).doesNotContain(client.clientSecret())
                .doesNotContain("RefreshTokenValidity");
    }

    @Test
    void givenSecretIsKeptWhenGenerateSecretIsTrue() {
        String secret = "my_own_secret_0123456789abcdef";
        assertThat(create(r -> r.generateSecret(true).clientSecret(secret)).clientSecret()).isEqualTo(secret);
        assertThatThrownBy(() -> create(r -> r.clientSecret(secret)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("GenerateSecret");
        assertThatThrownBy(() -> create(r -> r.generateSecret(true).clientSecret("short")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'clientSecret'");
    }

    @Test
    void clientSecretIsNotStoredInTheClear() throws Exception {
        UserPoolClientType client = create(r -> r.generateSecret(true));
        TestServer server = TestServer.shared(backend);
        String stored = switch (backend) {
            case SQLITE -> sqliteFiles(server.dataDir());
            case POSTGRESQL -> server.server().database().jdbi().withHandle(h -> String.join("\n",
                    h.createQuery("SELECT t::text FROM app_clients t").mapTo(String.class).list()));
        };
        assertThat(stored).contains(client.clientId());
        assertThat(stored).doesNotContain(client.clientSecret());
    }

    /** Every byte of the SQLite files (database, WAL, shared memory), as Latin-1 text. */
    private static String sqliteFiles(Path dataDir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("cognate.db")).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    @Test
    void oauthClientKeepsEveryMember() {
        UserPoolClientType client = create(r -> r.generateSecret(true)
                .refreshTokenValidity(10).accessTokenValidity(15).idTokenValidity(2)
                .tokenValidityUnits(u -> u.accessToken(TimeUnitsType.MINUTES).idToken(TimeUnitsType.HOURS)
                        .refreshToken(TimeUnitsType.DAYS))
                .readAttributes("email", "email_verified", "custom:tenant")
                .writeAttributes("email", "custom:tenant")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                .supportedIdentityProviders("COGNITO")
                .callbackURLs(CALLBACK, "http://localhost:3000/callback", "myapp://callback")
                .logoutURLs("https://app.example.com/signed-out")
                .defaultRedirectURI(CALLBACK)
                .allowedOAuthFlows(OAuthFlowType.CODE, OAuthFlowType.IMPLICIT)
                .allowedOAuthScopes("openid", "email", "profile", "https://api.example.com/orders.read")
                .allowedOAuthFlowsUserPoolClient(true)
                .analyticsConfiguration(a -> a.applicationId("app-1").roleArn("arn:aws:iam::000000000000:role/x")
                        .externalId("ext").userDataShared(true))
                .preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY)
                .enableTokenRevocation(false)
                .enablePropagateAdditionalUserContextData(true)
                .authSessionValidity(15)
                .refreshTokenRotation(t -> t.feature("ENABLED").retryGracePeriodSeconds(10)));
        assertThat(client.refreshTokenValidity()).isEqualTo(10);
        assertThat(client.accessTokenValidity()).isEqualTo(15);
        assertThat(client.idTokenValidity()).isEqualTo(2);
        assertThat(client.tokenValidityUnits().accessToken()).isEqualTo(TimeUnitsType.MINUTES);
        assertThat(client.readAttributes()).containsExactly("email", "email_verified", "custom:tenant");
        assertThat(client.writeAttributes()).containsExactly("email", "custom:tenant");
        assertThat(client.explicitAuthFlows()).containsExactly(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH);
        assertThat(client.supportedIdentityProviders()).containsExactly("COGNITO");
        assertThat(client.callbackURLs()).containsExactly(CALLBACK, "http://localhost:3000/callback", "myapp://callback");
        assertThat(client.logoutURLs()).containsExactly("https://app.example.com/signed-out");
        assertThat(client.defaultRedirectURI()).isEqualTo(CALLBACK);
        assertThat(client.allowedOAuthFlows()).containsExactly(OAuthFlowType.CODE, OAuthFlowType.IMPLICIT);
        assertThat(client.allowedOAuthScopes()).containsExactly("openid", "email", "profile",
                "https://api.example.com/orders.read");
        assertThat(client.allowedOAuthFlowsUserPoolClient()).isTrue();
        assertThat(client.analyticsConfiguration().applicationId()).isEqualTo("app-1");
        assertThat(client.analyticsConfiguration().userDataShared()).isTrue();
        assertThat(client.preventUserExistenceErrors()).isEqualTo(PreventUserExistenceErrorTypes.LEGACY);
        assertThat(client.enableTokenRevocation()).isFalse();
        assertThat(client.enablePropagateAdditionalUserContextData()).isTrue();
        assertThat(client.authSessionValidity()).isEqualTo(15);
        assertThat(client.refreshTokenRotation().featureAsString()).isEqualTo("ENABLED");
        assertThat(describe(client.clientId())).isEqualTo(client);
    }

    @Test
    void tokenValidityMustFitCognitosRangesInItsUnits() {
        create(r -> r.accessTokenValidity(5).tokenValidityUnits(u -> u.accessToken(TimeUnitsType.MINUTES)));
        create(r -> r.accessTokenValidity(24).idTokenValidity(1).refreshTokenValidity(3650));
        create(r -> r.refreshTokenValidity(60).tokenValidityUnits(u -> u.refreshToken(TimeUnitsType.MINUTES)));
        for (CreateUserPoolClientRequest.Builder bad : List.of(
                CreateUserPoolClientRequest.builder().accessTokenValidity(4).tokenValidityUnits(u -> u.accessToken(TimeUnitsType.MINUTES)),
                CreateUserPoolClientRequest.builder().accessTokenValidity(25),
                CreateUserPoolClientRequest.builder().idTokenValidity(2).tokenValidityUnits(u -> u.idToken(TimeUnitsType.DAYS)),
                CreateUserPoolClientRequest.builder().refreshTokenValidity(59).tokenValidityUnits(u -> u.refreshToken(TimeUnitsType.MINUTES)),
                CreateUserPoolClientRequest.builder().refreshTokenValidity(3651))) {
            CreateUserPoolClientRequest request = bad.userPoolId(poolId).clientName("app").build();
            assertThatThrownBy(() -> cognito.createUserPoolClient(request))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("Invalid range for token validity.");
        }
        assertThatThrownBy(() -> create(r -> r.tokenValidityUnits(u -> u.accessToken("weeks"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tokenValidityUnits.accessToken");
        assertThatThrownBy(() -> create(r -> r.accessTokenValidity(0)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'accessTokenValidity'");
    }

    @Test
    void refreshTokenDefaultIsThirtyDaysInTheGivenUnit() {
        UserPoolClientType client = create(r -> r.tokenValidityUnits(u -> u.refreshToken(TimeUnitsType.HOURS)));
        assertThat(client.refreshTokenValidity()).isEqualTo(720);
    }

    @Test
    void readAndWriteAttributesMustBeAttributesOfThePool() {
        assertThatThrownBy(() -> create(r -> r.readAttributes("email", "custom:nope")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Invalid read attributes specified while creating a client");
        assertThatThrownBy(() -> create(r -> r.writeAttributes("shoe_size")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Invalid write attributes specified while creating a client");
        assertThatThrownBy(() -> create(r -> r.writeAttributes("sub")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Invalid write attributes specified while creating a client");
    }

    @Test
    void explicitAuthFlowsTakeKnownValuesWithoutMixingLegacyOnes() {
        assertThat(create(r -> r.explicitAuthFlowsWithStrings("ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH")).explicitAuthFlowsAsStrings())
                .containsExactly("ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH");
        assertThatThrownBy(() -> create(r -> r.explicitAuthFlowsWithStrings("ALLOW_EVERYTHING")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'explicitAuthFlows'");
        assertThatThrownBy(() -> create(r -> r.explicitAuthFlowsWithStrings("ADMIN_NO_SRP_AUTH", "ALLOW_USER_SRP_AUTH")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("legacy");
    }

    @Test
    void supportedIdentityProvidersMustExistInThePool() {
        assertThatThrownBy(() -> create(r -> r.supportedIdentityProviders("COGNITO", "entra")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("The provider entra does not exist for User Pool " + poolId);
        assertThatThrownBy(() -> create(r -> r.supportedIdentityProviders("x".repeat(33))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'supportedIdentityProviders'");
    }

    @Test
    void aProviderOfThePoolCanBeEnabledForTheClient() {
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra").providerType("OIDC")
                .providerDetails(java.util.Map.of("client_id", "c", "client_secret", "s",
                        "authorize_scopes", "openid profile email", "attributes_request_method", "POST",
                        "oidc_issuer", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
                        // Given explicitly: the issuer's discovery document is out of reach here.
                        "authorize_url", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize",
                        "token_url", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token",
                        "attributes_url", "https://graph.microsoft.com/oidc/userinfo",
                        "jwks_uri", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys")));
        assertThat(create(r -> r.supportedIdentityProviders("COGNITO", "entra")).supportedIdentityProviders())
                .containsExactly("COGNITO", "entra");
    }

    @Test
    void callbackAndLogoutUrlsFollowCognitosRedirectRule() {
        for (String bad : List.of("http://app.example.com/cb", "https://app.example.com/cb#fragment", "/relative/path",
                "https://", "not a url")) {
            assertThatThrownBy(() -> create(r -> r.callbackURLs(bad))).as(bad)
                    .isInstanceOf(InvalidParameterException.class)
                    .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("callbackURLs"));
            assertThatThrownBy(() -> create(r -> r.logoutURLs(bad))).as(bad)
                    .isInstanceOf(InvalidParameterException.class)
                    .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("logoutURLs"));
        }
        List<String> tooMany = IntStream.range(0, 101).mapToObj(i -> "https://app.example.com/" + i).toList();
        assertThatThrownBy(() -> create(r -> r.callbackURLs(tooMany)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'callbackURLs'");
        assertThat(create(r -> r.callbackURLs("http://localhost/cb", "com.example.app://oauth/cb"))
                .callbackURLs()).hasSize(2);
    }

    @Test
    void aCallbackUrlWhoseSchemeABrowserRunsInThePageIsRefusedSinceTheHostedPagesLinkToIt() {
        for (String script : List.of("javascript://%0aalert(1)", "JavaScript://x/%0Aalert(1)", "vbscript://x/y",
                "data://text/html,x", "file:///etc/passwd", "blob://x/y")) {
            assertThatThrownBy(() -> create(r -> r.callbackURLs(script))).as(script)
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("scheme");
            assertThatThrownBy(() -> create(r -> r.logoutURLs(script))).as(script)
                    .isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void defaultRedirectUriMustBeOneOfTheCallbackUrls() {
        assertThatThrownBy(() -> create(r -> r.callbackURLs(CALLBACK).defaultRedirectURI("https://app.example.com/other")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("DefaultRedirectURI");
        assertThatThrownBy(() -> create(r -> r.defaultRedirectURI(CALLBACK)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("DefaultRedirectURI");
    }

    @Test
    void oauthFlowsFollowCognitosCombinationRules() {
        assertThatThrownBy(() -> create(r -> r.generateSecret(true).allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS, OAuthFlowType.CODE).callbackURLs(CALLBACK)
                .allowedOAuthScopes("https://api.example.com/orders.read")))
                .isInstanceOf(InvalidOAuthFlowException.class)
                .hasMessageContaining("client_credentials flow can not be selected along with code flow or implicit flow.");
        assertThatThrownBy(() -> create(r -> r.allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS).allowedOAuthScopes("https://api.example.com/orders.read")))
                .isInstanceOf(InvalidOAuthFlowException.class)
                .hasMessageContaining("client_credentials flow can not be selected if client does not have a client secret.");
        assertThatThrownBy(() -> create(r -> r.generateSecret(true).allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS).allowedOAuthScopes("openid")))
                .isInstanceOf(InvalidOAuthFlowException.class)
                .hasMessageContaining("openid is not supported with client_credentials flow");
        assertThatThrownBy(() -> create(r -> r.allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid")))
                .isInstanceOf(InvalidOAuthFlowException.class)
                .hasMessageContaining("CallbackUrls can not be empty when code flow or implicit flow is selected");
        assertThatThrownBy(() -> create(r -> r.allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid")
                .callbackURLs(CALLBACK)))
                .isInstanceOf(InvalidOAuthFlowException.class)
                .hasMessageContaining("AllowedOAuthFlowsUserPoolClient must be true");
        assertThatThrownBy(() -> create(r -> r.allowedOAuthFlowsUserPoolClient(true).callbackURLs(CALLBACK)))
                .isInstanceOf(InvalidOAuthFlowException.class)
                .hasMessageContaining("AllowedOAuthFlows and AllowedOAuthScopes are required");
        assertThatThrownBy(() -> create(r -> r.allowedOAuthFlowsWithStrings("password")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'allowedOAuthFlows'");

        UserPoolClientType machine = create(r -> r.generateSecret(true).allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS).allowedOAuthScopes("https://api.example.com/orders.read"));
        assertThat(machine.allowedOAuthFlows()).containsExactly(OAuthFlowType.CLIENT_CREDENTIALS);
    }

    @Test
    void scopesMustBeStandardOrDefinedByAResourceServerOfThePool() {
        assertThatThrownBy(() -> create(r -> r.allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                .callbackURLs(CALLBACK).allowedOAuthScopes("openid", "https://api.example.com/orders.delete")))
                .isInstanceOf(ScopeDoesNotExistException.class)
                .hasMessageContaining("Invalid scope requested: https://api.example.com/orders.delete");
        assertThatThrownBy(() -> create(r -> r.allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                .callbackURLs(CALLBACK).allowedOAuthScopes("Cognito")))
                .isInstanceOf(ScopeDoesNotExistException.class).hasMessageContaining("Invalid scope requested: Cognito");
        String otherPool = newPool();
        assertThatThrownBy(() -> cognito.createUserPoolClient(r -> r.userPoolId(otherPool).clientName("x")
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE).callbackURLs(CALLBACK)
                .allowedOAuthScopes("https://api.example.com/orders.read")))
                .isInstanceOf(ScopeDoesNotExistException.class);
        assertThatThrownBy(() -> create(r -> r.allowedOAuthScopes("has space")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'allowedOAuthScopes'");
    }

    @Test
    void otherMembersAreCheckedAgainstTheirConstraints() {
        assertThatThrownBy(() -> create(r -> r.authSessionValidity(2)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'authSessionValidity'");
        assertThatThrownBy(() -> create(r -> r.authSessionValidity(16)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'authSessionValidity'");
        assertThatThrownBy(() -> create(r -> r.preventUserExistenceErrors("SOMETIMES")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'preventUserExistenceErrors'");
        assertThatThrownBy(() -> create(r -> r.enablePropagateAdditionalUserContextData(true)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("client secret");
        assertThatThrownBy(() -> cognito.createUserPoolClient(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'clientName'");
        assertThatThrownBy(() -> cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("bad/name")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'clientName'");
        assertThatThrownBy(() -> cognito.createUserPoolClient(r -> r.userPoolId("us-east-1_Missing00").clientName("x")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("User pool us-east-1_Missing00 does not exist.");
    }

    @Test
    void describeAnswersOnlyForTheClientsOwnPool() {
        String clientId = create(r -> { }).clientId();
        String otherPool = newPool();
        assertThatThrownBy(() -> cognito.describeUserPoolClient(r -> r.userPoolId(otherPool).clientId(clientId)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("User pool client " + clientId + " does not exist.");
        assertThatThrownBy(() -> cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId("nosuchclient")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId("bad id")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'clientId'");
    }

    @Test
    void updateReplacesSettingsResettingOmittedOnesButKeepsNameAndSecret() {
        UserPoolClientType original = create(r -> r.generateSecret(true).accessTokenValidity(2)
                .readAttributes("email").callbackURLs(CALLBACK).allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid")
                .preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY).enableTokenRevocation(false));
        UserPoolClientType updated = cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId(original.clientId())
                .logoutURLs("https://app.example.com/bye")).userPoolClient();
        assertThat(updated.clientName()).isEqualTo("app");
        assertThat(updated.clientSecret()).isEqualTo(original.clientSecret());
        assertThat(updated.creationDate()).isEqualTo(original.creationDate());
        assertThat(updated.lastModifiedDate()).isAfterOrEqualTo(original.lastModifiedDate());
        assertThat(updated.logoutURLs()).containsExactly("https://app.example.com/bye");
        assertThat(updated.accessTokenValidity()).isNull();
        assertThat(updated.readAttributes()).isEmpty();
        assertThat(updated.callbackURLs()).isEmpty();
        assertThat(updated.allowedOAuthFlows()).isEmpty();
        assertThat(updated.allowedOAuthFlowsUserPoolClient()).isFalse();
        assertThat(updated.preventUserExistenceErrors()).isEqualTo(PreventUserExistenceErrorTypes.ENABLED);
        assertThat(updated.enableTokenRevocation()).isTrue();
        assertThat(describe(original.clientId())).isEqualTo(updated);

        UserPoolClientType renamed = cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId(original.clientId())
                .clientName("renamed")).userPoolClient();
        assertThat(renamed.clientName()).isEqualTo("renamed");
    }

    @Test
    void updateChecksTheSameRulesAndTheClientsExistence() {
        String publicClient = create(r -> { }).clientId();
        assertThatThrownBy(() -> cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId(publicClient)
                .writeAttributes("sub")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Invalid write attributes specified while updating a client");
        assertThatThrownBy(() -> cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId(publicClient)
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS)
                .allowedOAuthScopes("https://api.example.com/orders.read")))
                .isInstanceOf(InvalidOAuthFlowException.class).hasMessageContaining("client secret");
        assertThatThrownBy(() -> cognito.updateUserPoolClient(r -> r.userPoolId(poolId).clientId("nosuchclient")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("User pool client nosuchclient does not exist.");
        assertThatThrownBy(() -> cognito.updateUserPoolClient(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'clientId'");
    }

    @Test
    void deletedClientIsGone() {
        String clientId = create(r -> r.generateSecret(true)).clientId();
        String otherPool = newPool();
        assertThatThrownBy(() -> cognito.deleteUserPoolClient(r -> r.userPoolId(otherPool).clientId(clientId)))
                .isInstanceOf(ResourceNotFoundException.class);
        cognito.deleteUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId));
        assertThatThrownBy(() -> describe(clientId)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.deleteUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("User pool client " + clientId + " does not exist.");
    }

    @Test
    void listPagesThroughThePoolsClientsWithIdPoolAndNameOnly() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            mine.add(create(r -> r.clientName("client-" + n).generateSecret(true).readAttributes("email")).clientId());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListUserPoolClientsResponse page = cognito.listUserPoolClients(r -> r.userPoolId(poolId).maxResults(2).nextToken(next));
            assertThat(page.userPoolClients()).hasSizeLessThanOrEqualTo(2);
            for (UserPoolClientDescription c : page.userPoolClients()) {
                assertThat(c.userPoolId()).isEqualTo(poolId);
                assertThat(c.clientName()).startsWith("client-");
                seen.add(c.clientId());
            }
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(cognito.listUserPoolClients(r -> r.userPoolId(newPool())).userPoolClients()).isEmpty();
    }

    @Test
    void listRefusesMaxResultsOutsideOneToSixty() {
        assertThatThrownBy(() -> cognito.listUserPoolClients(r -> r.userPoolId(poolId).maxResults(0)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> cognito.listUserPoolClients(r -> r.userPoolId(poolId).maxResults(61)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> cognito.listUserPoolClients(r -> r.userPoolId("us-east-1_Missing00")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deletingThePoolDeletesItsClients() {
        String clientId = create(r -> r.generateSecret(true)).clientId();
        cognito.deleteUserPool(r -> r.userPoolId(poolId));
        TestServer server = TestServer.shared(backend);
        int left = server.server().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM app_clients WHERE id = :id").bind("id", clientId).mapTo(Integer.class).one());
        assertThat(left).isZero();
    }
}
