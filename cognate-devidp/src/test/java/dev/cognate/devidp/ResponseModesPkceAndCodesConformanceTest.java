package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.ALICE;
import static dev.cognate.devidp.testing.TestIdp.ALICE_PASSWORD;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static dev.cognate.devidp.testing.TestIdp.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.devidp.testing.Browser;
import dev.cognate.devidp.testing.TestIdp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** entra.md checklist 7: query, fragment and form_post response modes; PKCE (plain and S256); single-use codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseModesPkceAndCodesConformanceTest {
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-with-more-entropy";
    private TestIdp idp;
    private TestIdp.App app;

    @BeforeAll
    void start() {
        idp = TestIdp.start();
        app = idp.register("""
                {"displayName":"Modes","web":{"redirectUris":["%s"],"implicitGrantSettings":{"enableIdTokenIssuance":true}}}"""
                .formatted(REDIRECT_URI), null);
        idp.adminConsent(app.appId(), null);
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    private Map<String, String> request(String key, String value) {
        Map<String, String> params = new LinkedHashMap<>(TestIdp.codeRequest(app));
        params.put(key, value);
        return params;
    }

    @Test
    void codeComesInTheQueryByDefault() {
        HttpResponse<String> response = idp.browser().signIn(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app)), ALICE, ALICE_PASSWORD);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT_URI + "?code=").doesNotContain("#");
        assertThat(Browser.redirectParams(response)).containsEntry("state", "state-123").containsKey("session_state");
    }

    @Test
    void responseModeFragmentPutsTheCodeInTheFragment() {
        HttpResponse<String> response = idp.browser().signIn(idp.authorizeUrl(CONTOSO, request("response_mode", "fragment")), ALICE, ALICE_PASSWORD);
        assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT_URI + "#code=");
    }

    @Test
    void responseModeFormPostAutoSubmitsAFormToTheRedirectUri() {
        HttpResponse<String> page = idp.browser().signIn(idp.authorizeUrl(CONTOSO, request("response_mode", "form_post")), ALICE, ALICE_PASSWORD);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Browser.formAction(page.body())).isEqualTo(REDIRECT_URI);
        assertThat(Browser.hidden(page.body(), "code")).isNotBlank();
        assertThat(Browser.hidden(page.body(), "state")).isEqualTo("state-123");
        // No form-action: the app may answer the post with a redirect to anywhere (a broker's own app), as with Entra.
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).doesNotContain("form-action");
    }

    @Test
    void idTokenResponseTypesDefaultToTheFragmentAndRefuseTheQuery() {
        Map<String, String> hybrid = request("response_type", "code id_token");
        HttpResponse<String> response = idp.browser().signIn(idp.authorizeUrl(CONTOSO, hybrid), ALICE, ALICE_PASSWORD);
        Map<String, String> params = Browser.redirectParams(response);
        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("#");
        assertThat(params).containsKeys("code", "id_token");
        assertThat(TestIdp.claims(params.get("id_token")).getClaims()).containsKey("c_hash");

        hybrid.put("response_mode", "query");
        assertThat(Browser.redirectParams(idp.browser().get(idp.authorizeUrl(CONTOSO, hybrid))).get("error")).isEqualTo("invalid_request");
    }

    @Test
    void idTokenResponseTypeNeedsImplicitIssuanceEnabled() {
        TestIdp.App plain = idp.registerWebApp("AzureADMyOrg");
        Map<String, String> params = new LinkedHashMap<>(TestIdp.codeRequest(plain));
        params.put("response_type", "id_token");
        Map<String, String> error = Browser.redirectParams(idp.browser().get(idp.authorizeUrl(CONTOSO, params)));
        assertThat(error.get("error")).isEqualTo("unsupported_response_type");
        assertThat(error.get("error_description")).startsWith("AADSTS700054");
    }

    @Test
    void s256PkceRedeemsWithTheRightVerifierOnly() throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> params = request("code_challenge", challenge);
        params.put("code_challenge_method", "S256");
        String good = idp.code(app, CONTOSO, params, ALICE, ALICE_PASSWORD);
        assertThat(idp.redeem(app, CONTOSO, good, Map.of("code_verifier", VERIFIER)).statusCode()).isEqualTo(200);

        String bad = idp.code(app, CONTOSO, params, ALICE, ALICE_PASSWORD);
        JsonNode error = TestIdp.json(idp.redeem(app, CONTOSO, bad, Map.of("code_verifier", VERIFIER + "x")).body());
        assertThat(error.get("error").asText()).isEqualTo("invalid_grant");
        assertThat(error.get("error_description").asText()).startsWith("AADSTS");

        String missing = idp.code(app, CONTOSO, params, ALICE, ALICE_PASSWORD);
        assertThat(idp.redeem(app, CONTOSO, missing, Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void plainPkceWorksToo() {
        Map<String, String> params = request("code_challenge", VERIFIER);
        params.put("code_challenge_method", "plain");
        String code = idp.code(app, CONTOSO, params, ALICE, ALICE_PASSWORD);
        assertThat(idp.redeem(app, CONTOSO, code, Map.of("code_verifier", VERIFIER)).statusCode()).isEqualTo(200);
    }

    @Test
    void aVerifierWithoutAChallengeIsRefused() {
        String code = idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD);
        assertThat(TestIdp.json(idp.redeem(app, CONTOSO, code, Map.of("code_verifier", VERIFIER)).body()).get("error").asText())
                .isEqualTo("invalid_grant");
    }

    @Test
    void anUnknownChallengeMethodIsAnErrorRedirect() {
        Map<String, String> params = request("code_challenge", VERIFIER);
        params.put("code_challenge_method", "S512");
        assertThat(Browser.redirectParams(idp.browser().get(idp.authorizeUrl(CONTOSO, params))).get("error")).isEqualTo("invalid_request");
    }

    @Test
    void aCodeIsSingleUseAndItsReuseRevokesTheRefreshTokenItGave() {
        String code = idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD);
        HttpResponse<String> first = idp.redeem(app, CONTOSO, code, Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode reuse = TestIdp.json(idp.redeem(app, CONTOSO, code, Map.of()).body());
        assertThat(reuse.get("error").asText()).isEqualTo("invalid_grant");
        assertThat(reuse.get("error_codes").get(0).asInt()).isEqualTo(54005);
        var refresh = idp.token(CONTOSO, Map.of("grant_type", "refresh_token", "client_id", app.appId(), "client_secret", app.secret(),
                "refresh_token", TestIdp.json(first.body()).get("refresh_token").asText()), null, null);
        assertThat(TestIdp.json(refresh.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeExpiresAfterAboutTenMinutes() {
        String code = idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD);
        idp.clock.advance(Duration.ofMinutes(11));
        assertThat(TestIdp.json(idp.redeem(app, CONTOSO, code, Map.of()).body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeIsBoundToItsClientAndRedirectUri() {
        TestIdp.App other = idp.registerWebApp("AzureADMyOrg");
        String code = idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD);
        assertThat(TestIdp.json(idp.redeem(other, CONTOSO, code, Map.of()).body()).get("error").asText()).isEqualTo("invalid_grant");
        String second = idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD);
        assertThat(idp.redeem(app, CONTOSO, second, Map.of("redirect_uri", "https://app.example.com/other")).statusCode()).isEqualTo(400);
    }
}
