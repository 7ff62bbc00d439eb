package dev.cognate.hostedui;

import dev.cognate.oauth.BrowserBinding;
import dev.cognate.oauth.BrowserSessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.CognateServer;
import dev.cognate.config.AdminCredentials;
import dev.cognate.config.Secrets;
import dev.cognate.config.Settings;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/** Behind TLS (a public URL with https), the hosted UI's cookies are Secure. */
class HttpsCookiesTest {
    static CognateServer server;
    static URI endpoint;

    @BeforeAll
    static void startBehindTls() throws Exception {
        Settings settings = new Settings("127.0.0.1", 0, "https://auth.example.test", Files.createTempDirectory("cognate-https-"),
                null, null, null, null);
        server = CognateServer.start(settings, new Secrets.Resolved(
                AdminCredentials.single(TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY),
                TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY, TestServer.MASTER_KEY, false, false));
        endpoint = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sessionAndCsrfCookiesAreSecureWhenThePublicUrlIsHttps() {
        CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY))).build();
        String poolId = cognito.createUserPool(r -> r.poolName("https")).userPool().id();
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid")
                .callbackURLs("https://app.example.com/callback").supportedIdentityProviders("COGNITO"))
                .userPoolClient().clientId();
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("jane").messageAction(MessageActionType.SUPPRESS));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("jane").password("Corr3ct-Horse!").permanent(true));

        TestBrowser browser = new TestBrowser(endpoint);
        TestBrowser.Page page = browser.get("/login?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestBrowser.enc("https://app.example.com/callback"));
        String csrfCookie = page.setCookie(Csrf.COOKIE).orElseThrow();
        assertThat(csrfCookie).containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly");
        // The jar will not send a Secure cookie over plain HTTP: post the form with the cookie by hand.
        String token = page.hiddenFields().get(Csrf.FIELD);
        String binding = page.setCookie(BrowserBinding.COOKIE).orElseThrow();
        assertThat(binding).containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=None");
        Map<String, String> form = new java.util.LinkedHashMap<>(page.hiddenFields());
        form.put("username", "jane");
        form.put("password", "Corr3ct-Horse!");
        var answer = postWithCookie(form, Csrf.COOKIE + "=" + token + "; " + binding.substring(0, binding.indexOf(';')));
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith(BrowserSessions.COOKIE + "=").containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax"));
    }

    private static java.net.http.HttpResponse<String> postWithCookie(Map<String, String> form, String cookie) {
        String body = form.entrySet().stream().map(e -> TestBrowser.enc(e.getKey()) + "=" + TestBrowser.enc(e.getValue()))
                .collect(java.util.stream.Collectors.joining("&"));
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
