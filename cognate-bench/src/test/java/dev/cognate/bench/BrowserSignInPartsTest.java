package dev.cognate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser sign-in benchmark's parts: the virtual browser against a scripted broker (JDK
 * HttpServer) that checks what a browser must send at each step, and the instant IdP.
 */
class BrowserSignInPartsTest {
    static final String CALLBACK = "https://app.example.com/callback";
    static final ObjectMapper JSON = new ObjectMapper();

    HttpServer broker;
    InstantIdp idp;
    /** The PKCE challenge and state of the last authorize request the scripted broker answered. */
    volatile String challenge;
    volatile String state;
    final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        idp = new InstantIdp(2);
        broker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        broker.createContext("/oauth2/authorize", ex -> {
            Map<String, String> q = VirtualBrowser.queryParameters(ex.getRequestURI().toString());
            challenge = q.get("code_challenge");
            state = q.get("state");
            seen.add("authorize " + q.get("code_challenge_method") + " " + q.get("identity_provider"));
            ex.getResponseHeaders().add("Set-Cookie", "cognate_signin=bind-1; Path=/; HttpOnly; SameSite=Lax");
            redirect(ex, q.get("identity_provider") == null ? "/login?signin=tx-1"
                    : idp.issuer() + "/authorize?client_id=" + InstantIdp.CLIENT_ID + "&nonce=n-1&state=" + state
                    + "&redirect_uri=http://127.0.0.1:" + broker.getAddress().getPort() + "/oauth2/idpresponse");
        });
        broker.createContext("/login", ex -> {
            if (ex.getRequestMethod().equals("GET")) {
                seen.add("page " + ex.getRequestHeaders().getFirst("Cookie"));
                ex.getResponseHeaders().add("Set-Cookie", "cognate_csrf=csrf-1; Path=/; HttpOnly; SameSite=Lax");
                send(ex, 200, "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"signin\" value=\"tx-1\">"
                        + "<input type=\"hidden\" name=\"_csrf\" value=\"csrf-1\"><input name=\"username\"></form>");
                return;
            }
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add("post " + ex.getRequestHeaders().getFirst("Cookie") + " " + form);
            redirect(ex, CALLBACK + "?code=app-code&state=" + state);
        });
        broker.createContext("/oauth2/idpresponse", ex -> {
            seen.add("idpresponse " + ex.getRequestHeaders().getFirst("Cookie") + " "
                    + VirtualBrowser.queryParameters(ex.getRequestURI().toString()).keySet());
            redirect(ex, CALLBACK + "?code=app-code&state="
                    + VirtualBrowser.queryParameters(ex.getRequestURI().toString()).get("state"));
        });
        broker.createContext("/oauth2/token", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> f = VirtualBrowser.queryParameters("?" + form);
            seen.add("token " + f.get("grant_type") + " " + f.get("code") + " " + f.get("redirect_uri"));
            boolean pkce = VirtualBrowser.s256(f.get("code_verifier")).equals(challenge);
            send(ex, pkce ? 200 : 400, pkce ? "{\"id_token\":\"x\",\"access_token\":\"y\"}" : "{\"error\":\"invalid_grant\"}");
        });
        broker.start();
    }

    @AfterEach
    void stop() {
        broker.stop(0);
        idp.close();
    }

    private void redirect(HttpExchange ex, String location) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private VirtualBrowser browser() {
        return new VirtualBrowser(new VirtualBrowser.App("127.0.0.1", broker.getAddress().getPort(), "app-client",
                CALLBACK, "openid email"));
    }

    @Test
    void aHostedSignInFollowsTheRedirectsKeepsTheCookiesPostsTheHiddenFieldsAndRedeemsTheCodeWithItsVerifier()
            throws Exception {
        try (VirtualBrowser browser = browser()) {
            browser.signIn("jane", "Pass word!");
            browser.signIn("jane", "Pass word!");
        }
        assertThat(seen.subList(0, 4)).containsExactly(
                "authorize S256 null",
                "page cognate_signin=bind-1",
                "post cognate_signin=bind-1; cognate_csrf=csrf-1 signin=tx-1&_csrf=csrf-1&username=jane&password=Pass+word%21",
                "token authorization_code app-code " + CALLBACK);
        assertThat(seen.get(5)).as("each sign-in starts without cookies").isEqualTo("page cognate_signin=bind-1");
    }

    @Test
    void aFederatedSignInGoesThroughTheIdpAndBackWithTheBindingCookie() throws Exception {
        try (VirtualBrowser browser = browser()) {
            browser.signInWith("corp", idp.port());
        }
        assertThat(seen).containsExactly("authorize S256 corp", "idpresponse cognate_signin=bind-1 [code, state]",
                "token authorization_code app-code " + CALLBACK);
    }

    @Test
    void aStepThatAnswersOtherwiseFailsTheSignInWithWhatItAnswered() throws Exception {
        broker.removeContext("/login");
        broker.createContext("/login", ex -> send(ex, 429, "Too many requests"));
        try (VirtualBrowser browser = browser()) {
            assertThatThrownBy(() -> browser.signIn("jane", "pw")).isInstanceOf(VirtualBrowser.SignInFailed.class)
                    .hasMessageContaining("the sign-in page answered HTTP 429").hasMessageContaining("Too many requests");
        }
    }

    @Test
    void aCallbackWithAnotherStateFailsTheSignIn() throws Exception {
        broker.removeContext("/oauth2/idpresponse");
        broker.createContext("/oauth2/idpresponse", ex -> redirect(ex, CALLBACK + "?code=c&state=forged"));
        try (VirtualBrowser browser = browser()) {
            assertThatThrownBy(() -> browser.signInWith("corp", idp.port())).isInstanceOf(VirtualBrowser.SignInFailed.class)
                    .hasMessageContaining("another state");
        }
    }

    @Test
    void theCookieJarKeepsNamesAndValuesAndForgetsClearedCookies() {
        VirtualBrowser browser = new VirtualBrowser(new VirtualBrowser.App("127.0.0.1", 1, "c", CALLBACK, "openid"));
        assertThat(browser.cookieHeader()).isEmpty();
        browser.keep("a=1; Path=/; HttpOnly");
        browser.keep("b=2");
        assertThat(browser.cookieHeader()).isEqualTo("a=1; b=2");
        browser.keep("a=; Max-Age=0; Path=/");
        browser.keep("b=3; Path=/");
        assertThat(browser.cookieHeader()).isEqualTo("b=3");
    }

    @Test
    void pkceChallengeIsTheUnpaddedBase64urlOfTheVerifiersSha256() {
        // computed apart (Python: urlsafe_b64encode(sha256(v).digest()).rstrip("="))
        assertThat(VirtualBrowser.s256("dBjftJeZ4CVP-mJ0kzMNvkCPBUc7bcvN7rgbLZyfqkE"))
                .isEqualTo("F1O7wwsQWAPVxVB-PrHe2FyyotEj-5kAxNEEcOlmX-E");
    }

    @Test
    void locationsAreSentAsPathAndQueryOnTheBrowsersConnection() {
        assertThat(VirtualBrowser.pathOf("http://127.0.0.1:9/oauth2/idpresponse?code=a%2Fb&state=s"))
                .isEqualTo("/oauth2/idpresponse?code=a%2Fb&state=s");
        assertThat(VirtualBrowser.pathOf("/login?signin=x")).isEqualTo("/login?signin=x");
        assertThat(VirtualBrowser.queryParameters(CALLBACK + "?code=a%2Fb&state=s#frag"))
                .containsExactly(Map.entry("code", "a/b"), Map.entry("state", "s"));
    }

    @Test
    void theInstantIdpAnswersAtOnceWithAnIdTokenItsKeysVerifyCarryingTheNonce() throws Exception {
        int port = idp.port();
        try (Http1Connection connection = new Http1Connection("127.0.0.1", port)) {
            JsonNode discovery = JSON.readTree(connection.exchange(Http1Connection.get("127.0.0.1", port,
                    InstantIdp.PATH + "/.well-known/openid-configuration"), true).text());
            assertThat(discovery.get("issuer").asText()).isEqualTo(idp.issuer());
            assertThat(discovery.has("userinfo_endpoint")).as("one upstream call per sign-in: the code exchange").isFalse();
            Http1Connection.Response authorized = connection.exchange(Http1Connection.get("127.0.0.1", port,
                    InstantIdp.PATH + "/authorize?client_id=broker&nonce=n-1&state=s%201&redirect_uri="
                            + "http%3A%2F%2F127.0.0.1%3A9%2Foauth2%2Fidpresponse"), false);
            assertThat(authorized.status()).isEqualTo(302);
            assertThat(authorized.location()).startsWith("http://127.0.0.1:9/oauth2/idpresponse?code=").endsWith("&state=s+1");
            String code = VirtualBrowser.queryParameters(authorized.location()).get("code");
            byte[] exchange = Http1Connection.formPost("127.0.0.1", port, InstantIdp.PATH + "/token", null,
                    "grant_type=authorization_code&code=" + code);
            JsonNode tokens = JSON.readTree(connection.exchange(exchange, true).text());
            SignedJWT idToken = SignedJWT.parse(tokens.get("id_token").asText());
            RSAKey key = (RSAKey) JWKSet.parse(connection.exchange(Http1Connection.get("127.0.0.1", port,
                    InstantIdp.PATH + "/keys"), true).text()).getKeys().getFirst();
            assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
            assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo(idp.issuer());
            assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly("broker");
            assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-1");
            assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo("instant-user-0");
            assertThat(idp.idTokens()).isEqualTo(1);
        }
    }

    @Test
    void codeReplayIsRefusedByTheInstantIdp() throws Exception {
        int port = idp.port();
        try (Http1Connection connection = new Http1Connection("127.0.0.1", port)) {
            String code = VirtualBrowser.queryParameters(connection.exchange(Http1Connection.get("127.0.0.1", port,
                    InstantIdp.PATH + "/authorize?client_id=b&state=s&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb"), false)
                    .location()).get("code");
            byte[] exchange = Http1Connection.formPost("127.0.0.1", port, InstantIdp.PATH + "/token", null, "code=" + code);
            assertThat(connection.exchange(exchange, true).status()).isEqualTo(200);
            assertThat(connection.exchange(exchange, true).status()).isEqualTo(400);
        }
    }

    @Test
    void theServerCpuOfASignInIsSplitIntoHashSignaturesAndTheBrokersOwnRest() {
        var hosted = new BrowserSignInRate.Window("hosted", 4, 20, 100, 0, 5, 1, 2, 40.0, 0, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 0.01, 0, null);
        var split = BrowserSignInRate.split(hosted, 36.0, 0.5);
        assertThat(split.hashMillis()).isEqualTo(36.0);
        assertThat(split.signingMillis()).isEqualTo(1.0);
        assertThat(split.brokerMillis()).isEqualTo(4.0);
        assertThat(split.brokerMillisWithoutSigning()).isEqualTo(3.0);
        var federated = BrowserSignInRate.split(new BrowserSignInRate.Window("federated", 4, 20, 100, 0, 5, 1, 2, 1.5, 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0.01, 0, null), 36.0, 0.5);
        assertThat(federated.hashMillis()).as("no password on the federated path").isZero();
        assertThat(federated.brokerMillis()).isEqualTo(1.5);
    }

    @Test
    void optionsHaveDefaultsForAFullRunAndRefuseNonsense() {
        var defaults = BrowserSignInRate.Options.parse();
        assertThat(defaults.browsers()).containsExactly(4, 16);
        assertThat(defaults.paths()).containsExactly("hosted", "federated");
        assertThat(defaults.backend()).isEqualTo("sqlite");
        assertThat(BrowserSignInRate.Options.parse("--backend", "postgresql").backend()).isEqualTo("postgresql");
        assertThatThrownBy(() -> BrowserSignInRate.Options.parse("--backend", "mysql"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BrowserSignInRate.Options.parse("--browsers", "8", "--paths", "federated", "--seconds", "25").paths())
                .containsExactly("federated");
        assertThatThrownBy(() -> BrowserSignInRate.Options.parse("--paths", "saml"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BrowserSignInRate.Options.parse("--browsers", "0"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
