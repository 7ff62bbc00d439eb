package dev.cognate.hostedui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cognate.testing.SpaPage.SLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.SpaBrowser;
import dev.cognate.testing.SpaPage;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * Amplify JS v6 (aws-amplify, pinned in src/test/node-spa) bundled by esbuild into a static page on
 * another origin than Cognate, in Chromium, with {@code userPoolEndpoint} pointing here: {@code signIn}
 * with SRP (InitiateAuth and RespondToAuthChallenge by fetch, through CORS), the tokens from
 * {@code fetchAuthSession} (and a forced refresh: GetTokensFromRefreshToken), the user's attributes
 * (GetUser), and {@code signOut}, which revokes the page's refresh token (a stolen copy no longer
 * works) or {@code signOut({global: true})} (GlobalSignOut: the user's other sessions end too); and a page
 * that tries an admin operation is stopped by the browser at the preflight. On both backends.
 */
@Tag("browser")
@ParameterizedClass
@EnumSource(Backend.class)
class AmplifyBrowserTest {
    static SpaBrowser browser;

    @Parameter
    Backend backend;

    HostedUiFixture fixture;
    String cognate;
    String clientId;
    SpaPage spa;
    Page page;

    @BeforeAll
    static void launch() throws Exception {
        browser = SpaBrowser.launch();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void setUp() {
        fixture = HostedUiFixture.on(TestServer.shared(backend));
        cognate = fixture.server.server().publicUrl();
        clientId = fixture.cognito.createUserPoolClient(r -> r.userPoolId(fixture.poolId).clientName("Amplify page")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH, ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        spa = browser.open("amplify.html", cognate, Map.of("userPoolId", fixture.poolId, "clientId", clientId,
                "endpoint", cognate));
        page = spa.page();
    }

    @AfterEach
    void closePage() {
        if (spa != null) {
            spa.close();
        }
    }

    @Test
    void signsInWithSrpFromAPageOnAnotherOriginRefreshesAndSignsOutRevokingTheRefreshToken() throws Exception {
        String jane = fixture.confirmedUser("jane-" + System.nanoTime());
        fixture.cognito.adminUpdateUserAttributes(r -> r.userPoolId(fixture.poolId).username(jane).userAttributes(
                AttributeType.builder().name("email").value("jane@example.com").build()));

        signIn(jane, HostedUiFixture.PASSWORD);
        assertThat(spa.status()).hasText("signed in as " + jane, SLOW);
        assertThat(page.locator("#email")).hasText("jane@example.com");

        assertThat(targets()).containsSubsequence("InitiateAuth", "RespondToAuthChallenge");
        Request initiate = spa.toCognate().stream().filter(r -> "AWSCognitoIdentityProviderService.InitiateAuth"
                .equals(r.headerValue("x-amz-target"))).findFirst().orElseThrow();
        assertThat(initiate.postData()).contains("\"USER_SRP_AUTH\"");
        assertThat(initiate.headerValue("origin")).isEqualTo(browser.site().origin());
        assertThat(initiate.response().headerValue("access-control-allow-origin")).isEqualTo("*");
        JWTClaimsSet id = verify(page.locator("#id-token").textContent());
        assertThat(id.getStringClaim("cognito:username")).isEqualTo(jane);
        assertThat(id.getAudience()).containsExactly(clientId);
        String accessToken = page.locator("#access-token").textContent();
        assertThat(fixture.cognito.getUser(r -> r.accessToken(accessToken)).username()).isEqualTo(jane);

        spa.button("Refresh").click();
        assertThat(spa.status()).hasText("signed in as " + jane, SLOW);
        assertThat(page.locator("#access-token")).not().hasText(accessToken, SLOW);
        assertThat(targets()).contains("GetUser");
        Request refresh = spa.toCognate().stream().filter(r -> "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken"
                .equals(r.headerValue("x-amz-target"))).findFirst().orElseThrow();
        assertThat(refresh.response().headerValue("access-control-allow-origin")).isEqualTo("*");
        String refreshToken = storedRefreshToken(jane);

        spa.button("Sign out").click();
        assertThat(spa.status()).hasText("signed out", SLOW);
        assertThat(page.locator("#error")).isEmpty();
        assertThat(targets()).contains("RevokeToken");
        assertThatThrownBy(() -> fixture.cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", refreshToken))))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void globalSignOutFromThePageEndsTheUsersOtherSessions() {
        String jane = fixture.confirmedUser("jane-" + System.nanoTime());
        String otherDevice = fixture.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", jane, "PASSWORD", HostedUiFixture.PASSWORD)))
                .authenticationResult().refreshToken();

        signIn(jane, HostedUiFixture.PASSWORD);
        assertThat(spa.status()).hasText("signed in as " + jane, SLOW);
        spa.button("Sign out everywhere").click();
        assertThat(spa.status()).hasText("signed out", SLOW);

        assertThat(targets()).contains("GlobalSignOut");
        assertThatThrownBy(() -> fixture.cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", otherDevice))))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void wrongPasswordIsRefusedInCognitosWords() {
        String jane = fixture.confirmedUser("jane-" + System.nanoTime());

        signIn(jane, "not-the-password");
        assertThat(spa.status()).hasText("failed", SLOW);
        assertThat(page.locator("#error")).hasText("NotAuthorizedException: Incorrect username or password.");
    }

    @Test
    void pageOnAnotherOriginCannotCallAnAdminOperation() {
        Object outcome = page.evaluate("endpoint => fetch(endpoint + '/', { method: 'POST', headers: {"
                + " 'content-type': 'application/x-amz-json-1.1',"
                + " 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',"
                + " 'authorization': 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/cognito-idp/aws4_request,"
                + " SignedHeaders=host, Signature=00' }, body: '{\"MaxResults\":1}' })"
                + ".then(r => 'read ' + r.status, e => 'refused: ' + e.name)", cognate);

        assertThat(outcome).isEqualTo("refused: TypeError");
        assertThat(spa.toCognate()).as("stopped at the preflight: never sent").allSatisfy(r -> assertThat(r.response()).isNull());
    }

    private void signIn(String username, String password) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        spa.button("Sign in").click();
    }

    private String storedRefreshToken(String username) {
        return (String) page.evaluate("key => localStorage.getItem(key)",
                "CognitoIdentityServiceProvider." + clientId + "." + username + ".refreshToken");
    }

    private List<String> targets() {
        return spa.toCognate().stream().map(r -> r.headerValue("x-amz-target")).filter(t -> t != null)
                .map(t -> t.substring(t.indexOf('.') + 1)).toList();
    }

    private JWTClaimsSet verify(String jwt) throws Exception {
        JWKSet keys = JWKSet.load(URI.create(cognate + "/" + fixture.poolId + "/.well-known/jwks.json").toURL());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        JWTClaimsSet claims = processor.process(jwt, null);
        assertThat(claims.getIssuer()).isEqualTo(cognate + "/" + fixture.poolId);
        return claims;
    }
}
