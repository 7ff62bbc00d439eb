package dev.cognate.admin.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.AuthEvent;
import dev.cognate.store.jdbc.JdbcAuditStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.Browser;
import dev.cognate.testing.EntraTenant;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.SrpTestClient;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminListUserAuthEventsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthEventType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.HttpHeader;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeResponseType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/**
 * AdminListUserAuthEvents: every sign-in of a user (through the API, the hosted page or an
 * upstream IdP) is one event, listed newest first in Cognito's AuthEventType shape, on both
 * backends.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AuthEventsTest {
    static final String PASSWORD = HostedUiFixture.PASSWORD;

    @Parameter
    Backend backend;

    HostedUiFixture fixture;
    CognitoIdentityProviderClient cognito;
    String poolId;
    String clientId;

    @BeforeEach
    void setUp() {
        fixture = HostedUiFixture.on(TestServer.shared(backend));
        cognito = fixture.cognito;
        poolId = fixture.poolId;
        clientId = fixture.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
    }

    void signIn(String username, String password) {
        cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
    }

    void wrongPassword(String username) {
        assertThatThrownBy(() -> signIn(username, "Wr0ng-Horse!")).isInstanceOf(NotAuthorizedException.class);
    }

    List<AuthEventType> events(String username) {
        return cognito.adminListUserAuthEvents(r -> r.userPoolId(poolId).username(username)).authEvents();
    }

    static List<String> challenges(AuthEventType event) {
        return event.challengeResponses().stream()
                .map(c -> c.challengeNameAsString() + ":" + c.challengeResponseAsString()).toList();
    }

    @Test
    void apiSignInsWithABadThenAGoodPasswordAreAFailThenAPassNewestFirst() {
        String ada = fixture.confirmedUser("ada");
        wrongPassword(ada);
        signIn(ada, PASSWORD);

        List<AuthEventType> events = events(ada);
        assertThat(events).hasSize(2);
        AuthEventType pass = events.get(0);
        assertThat(pass.eventTypeAsString()).isEqualTo("SignIn");
        assertThat(pass.eventResponseAsString()).isEqualTo("Pass");
        assertThat(challenges(pass)).containsExactly("Password:Success");
        assertThat(pass.eventId()).isNotBlank();
        assertThat(pass.creationDate()).isNotNull();
        assertThat(pass.eventRisk().riskDecisionAsString()).isEqualTo("NoRisk");
        assertThat(pass.eventContextData().ipAddress()).isEqualTo("127.0.0.1");
        assertThat(pass.eventContextData().deviceName()).containsIgnoringCase("aws-sdk-java");
        AuthEventType fail = events.get(1);
        assertThat(fail.eventResponseAsString()).isEqualTo("Fail");
        assertThat(challenges(fail)).containsExactly("Password:Failure");
        assertThat(fail.creationDate()).isBeforeOrEqualTo(pass.creationDate());
    }

    @Test
    void anSrpSignInIsOnePassAndAWrongProofAFail() {
        String srpClient = fixture.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
        String ada = fixture.confirmedUser("srp-ada");
        for (String password : List.of("Wr0ng-Horse!", PASSWORD)) {
            SrpTestClient srp = new SrpTestClient();
            var challenge = cognito.initiateAuth(r -> r.clientId(srpClient).authFlow(AuthFlowType.USER_SRP_AUTH)
                    .authParameters(Map.of("USERNAME", ada, "SRP_A", srp.srpA())));
            try {
                cognito.respondToAuthChallenge(r -> r.clientId(srpClient).challengeName(ChallengeNameType.PASSWORD_VERIFIER)
                        .session(challenge.session())
                        .challengeResponses(srp.claim(poolId, password, challenge.challengeParameters())));
            } catch (NotAuthorizedException refused) {
                assertThat(password).isNotEqualTo(PASSWORD);
            }
        }
        assertThat(events(ada)).extracting(e -> e.eventResponseAsString() + challenges(e))
                .containsExactly("Pass[Password:Success]", "Fail[Password:Failure]");
    }

    @Test
    void adminInitiateAuthRecordsTheUsersAddressAndAgentFromContextData() {
        String adminClient = fixture.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
        String ada = fixture.confirmedUser("context-ada");
        cognito.adminInitiateAuth(r -> r.userPoolId(poolId).clientId(adminClient)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", ada, "PASSWORD", PASSWORD))
                .contextData(c -> c.ipAddress("203.0.113.9").serverName("app.example.com").serverPath("/login")
                        .httpHeaders(HttpHeader.builder().headerName("User-Agent").headerValue("Mozilla/5.0 (X11)").build())));
        assertThat(events(ada)).singleElement().satisfies(e -> {
            assertThat(e.eventResponseAsString()).isEqualTo("Pass");
            assertThat(e.eventContextData().ipAddress()).isEqualTo("203.0.113.9");
            assertThat(e.eventContextData().deviceName()).isEqualTo("Mozilla/5.0 (X11)");
        });
    }

    @Test
    void aUserFoundByAliasIsListedToo() {
        String ada = fixture.confirmedUser("ada-sub");
        signIn(ada, PASSWORD);
        String sub = cognito.adminGetUser(r -> r.userPoolId(poolId).username(ada)).userAttributes().stream()
                .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        assertThat(events(sub)).hasSize(1);
    }

    @Test
    void hostedSignInsAreRecordedWithTheBrowsersAddressAndUserAgent() {
        String grace = fixture.confirmedUser("grace");
        TestBrowser browser = fixture.browser();
        TestBrowser.Page login = browser.get(browser.get(fixture.authorize(clientId)).location());
        TestBrowser.Page refused = browser.submit(login, "/login", Map.of("username", grace, "password", "Wr0ng-Horse!"));
        assertThat(refused.status()).isEqualTo(400);
        TestBrowser.Page signedIn = browser.submit(refused, "/login", Map.of("username", grace, "password", PASSWORD));
        assertThat(signedIn.location()).startsWith(HostedUiFixture.CALLBACK + "?code=");

        List<AuthEventType> events = events(grace);
        assertThat(events).extracting(AuthEventType::eventResponseAsString).containsExactly("Pass", "Fail");
        assertThat(challenges(events.get(0))).containsExactly("Password:Success");
        assertThat(challenges(events.get(1))).containsExactly("Password:Failure");
        assertThat(events.get(0).eventContextData().ipAddress()).isEqualTo("127.0.0.1");
        assertThat(events.get(0).eventContextData().deviceName()).contains("Java-http-client");
    }

    @Test
    void aHostedSignUpIsASignUpEvent() {
        TestBrowser browser = fixture.browser();
        TestBrowser.Page login = browser.get(browser.get(fixture.authorize(clientId)).location());
        String signIn = login.hiddenFields().get("signin");
        TestBrowser.Page form = browser.get("/signup?signin=" + signIn);
        assertThat(form.status()).isEqualTo(200);
        TestBrowser.Page answer = browser.submit(form, "/signup", Map.of("username", "hosted-newcomer",
                "attribute.email", "hosted-newcomer@example.com", "password", PASSWORD));
        assertThat(answer.status()).isEqualTo(303);

        assertThat(events("hosted-newcomer")).singleElement().satisfies(e -> {
            assertThat(e.eventTypeAsString()).isEqualTo("SignUp");
            assertThat(e.eventResponseAsString()).isEqualTo("Pass");
            assertThat(e.eventContextData().deviceName()).contains("Java-http-client");
        });
    }

    @Test
    void aFederatedSignInIsRecordedWithTheIdpsName() {
        String entraApp = "9a3c1e7b-5d2f-4c8a-b6e1-0f4d2a7c9e31";
        String callback = "https://app.example.com/cb";
        try (EntraTenant tenant = EntraTenant.start(entraApp)) {
            cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                    .providerType(IdentityProviderTypeType.OIDC)
                    .providerDetails(Map.of("client_id", entraApp, "client_secret", "entra-secret-value",
                            "authorize_scopes", "openid profile email", "attributes_request_method", "GET",
                            "oidc_issuer", tenant.issuer()))
                    .attributeMapping(Map.of("email", "email")));
            String app = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("federated-app")
                    .callbackURLs(callback).allowedOAuthFlows(OAuthFlowType.CODE)
                    .allowedOAuthScopes("openid", "email").allowedOAuthFlowsUserPoolClient(true)
                    .supportedIdentityProviders("entra")).userPoolClient().clientId();
            tenant.nextSignIn(new EntraTenant.User("0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d", "pairwise-sub-ada",
                    Map.of("email", "ada@contoso.example", "xms_edov", true)));
            String landed = new Browser().followUntil("http://localhost:" + fixture.server.port()
                    + "/oauth2/authorize?client_id=" + app + "&response_type=code&redirect_uri=" + callback
                    + "&identity_provider=entra&scope=openid+email&state=s-1", callback);
            assertThat(StubIdp.query(landed)).containsKey("code");
        }
        String username = cognito.listUsers(r -> r.userPoolId(poolId)).users().getFirst().username();
        assertThat(username).startsWith("entra_");

        List<AuthEventType> events = events(username);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.eventTypeAsString()).isEqualTo("SignIn");
            assertThat(e.eventResponseAsString()).isEqualTo("Pass");
            assertThat(e.challengeResponses()).isEmpty();
        });
        String sub = cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        assertThat(new JdbcAuditStore(fixture.server.server().database().jdbi()).authEvents(poolId, sub, 10, null).items())
                .singleElement().satisfies(e -> {
                    assertThat(e.provider()).isEqualTo("entra");
                    assertThat(e.username()).isEqualTo(username);
                });
    }

    @Test
    void pagesOfMaxResultsFollowOneAnotherNewestFirstWithoutRepeats() {
        String ada = fixture.confirmedUser("paged");
        wrongPassword(ada);
        signIn(ada, PASSWORD);
        wrongPassword(ada);
        signIn(ada, PASSWORD);
        signIn(ada, PASSWORD);
        List<AuthEventType> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            AdminListUserAuthEventsResponse page = cognito.adminListUserAuthEvents(r -> r.userPoolId(poolId).username(ada)
                    .maxResults(2).nextToken(token));
            sizes.add(page.authEvents().size());
            all.addAll(page.authEvents());
            next = page.nextToken();
        } while (next != null);
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(all).extracting(AuthEventType::eventId).doesNotHaveDuplicates();
        assertThat(all.getFirst().eventResponseAsString()).isEqualTo("Pass");
        assertThat(all).extracting(AuthEventType::creationDate).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(events(ada)).extracting(AuthEventType::eventId)
                .containsExactlyElementsOf(all.stream().map(AuthEventType::eventId).toList());
    }

    @Test
    void signUpPasswordChangeAndForgotPasswordAreEventsOfTheirOwnType() {
        cognito.signUp(r -> r.clientId(clientId).username("newcomer").password(PASSWORD)
                .userAttributes(AttributeType.builder().name("email").value("newcomer@example.com").build()));
        cognito.adminConfirmSignUp(r -> r.userPoolId(poolId).username("newcomer"));
        cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username("newcomer").userAttributes(
                AttributeType.builder().name("email_verified").value("true").build()));
        String accessToken = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "newcomer", "PASSWORD", PASSWORD))).authenticationResult().accessToken();
        assertThatThrownBy(() -> cognito.changePassword(r -> r.accessToken(accessToken).previousPassword("Wr0ng-Horse!")
                .proposedPassword("N3w-" + PASSWORD))).isInstanceOf(NotAuthorizedException.class);
        cognito.changePassword(r -> r.accessToken(accessToken).previousPassword(PASSWORD).proposedPassword("N3w-" + PASSWORD));
        cognito.forgotPassword(r -> r.clientId(clientId).username("newcomer"));
        assertThatThrownBy(() -> cognito.confirmForgotPassword(r -> r.clientId(clientId).username("newcomer")
                .confirmationCode("000000").password("Th1rd-" + PASSWORD))).isInstanceOf(CodeMismatchException.class);

        assertThat(events("newcomer")).extracting(e -> e.eventTypeAsString() + ":" + e.eventResponseAsString()
                        + challenges(e))
                .containsExactly("ForgotPassword:Fail[]", "ForgotPassword:InProgress[]",
                        "PasswordChange:Pass[Password:Success]", "PasswordChange:Fail[Password:Failure]",
                        "SignIn:Pass[Password:Success]", "SignUp:Pass[]");
    }

    @Test
    void aForgedNextTokenIsAnInvalidParameterNotA500() {
        String ada = fixture.confirmedUser("forged");
        assertThatThrownBy(() -> cognito.adminListUserAuthEvents(r -> r.userPoolId(poolId).username(ada)
                .nextToken("bm90LWEtcG9zaXRpb24")))
                .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void anUnknownUserIsUserNotFoundException() {
        assertThatThrownBy(() -> events("nobody"))
                .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UserNotFoundException"));
    }

    @Test
    void aUserCreatedAgainUnderTheSameNameDoesNotInheritTheEvents() {
        String ada = fixture.confirmedUser("again");
        wrongPassword(ada);
        cognito.adminDeleteUser(r -> r.userPoolId(poolId).username(ada));
        fixture.confirmedUser("again");
        assertThat(events(ada)).isEmpty();
    }

    @Test
    void feedbackOnAnEventIsListedWithIt() {
        String ada = fixture.confirmedUser("feedback");
        wrongPassword(ada);
        String eventId = events(ada).getFirst().eventId();
        cognito.adminUpdateAuthEventFeedback(r -> r.userPoolId(poolId).username(ada).eventId(eventId)
                .feedbackValue("Invalid"));
        AuthEventType event = events(ada).getFirst();
        assertThat(event.eventFeedback().feedbackValueAsString()).isEqualTo("Invalid");
        assertThat(event.eventFeedback().provider()).isEqualTo("Admin");
        assertThat(event.eventFeedback().feedbackDate()).isNotNull();
    }

    @Test
    void feedbackOnAnotherUsersEventIsRefused() {
        String ada = fixture.confirmedUser("victim");
        String eve = fixture.confirmedUser("eve");
        wrongPassword(ada);
        String eventId = events(ada).getFirst().eventId();
        assertThatThrownBy(() -> cognito.adminUpdateAuthEventFeedback(r -> r.userPoolId(poolId).username(eve)
                .eventId(eventId).feedbackValue("Valid")))
                .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
        assertThat(events(ada).getFirst().eventFeedback()).isNull();
    }
}
