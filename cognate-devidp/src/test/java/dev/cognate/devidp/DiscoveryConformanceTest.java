package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.CONSUMERS;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.devidp.testing.TestIdp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** entra.md checklist 1: discovery for GUID, domain, common, organizations and consumers authorities, with Entra's issuers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryConformanceTest {
    private TestIdp idp;

    @BeforeAll
    void start() {
        idp = TestIdp.start();
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    private JsonNode discovery(String tenant) {
        return idp.getJson("/" + tenant + "/v2.0/.well-known/openid-configuration");
    }

    @Test
    void discoveryForGuidAuthorityHasTheTenantIssuer() {
        JsonNode doc = discovery(CONTOSO);
        assertThat(doc.get("issuer").asText()).isEqualTo(idp.base() + "/" + CONTOSO + "/v2.0");
        assertThat(doc.get("authorization_endpoint").asText()).isEqualTo(idp.base() + "/" + CONTOSO + "/oauth2/v2.0/authorize");
        assertThat(doc.get("token_endpoint").asText()).isEqualTo(idp.base() + "/" + CONTOSO + "/oauth2/v2.0/token");
        assertThat(doc.get("jwks_uri").asText()).isEqualTo(idp.base() + "/" + CONTOSO + "/discovery/v2.0/keys");
        assertThat(doc.get("end_session_endpoint").asText()).isEqualTo(idp.base() + "/" + CONTOSO + "/oauth2/v2.0/logout");
        assertThat(doc.get("userinfo_endpoint").asText()).isEqualTo(idp.base() + "/oidc/userinfo");
    }

    @Test
    void discoveryForDomainAuthorityHasTheTenantGuidIssuer() {
        assertThat(discovery("contoso.onmicrosoft.com").get("issuer").asText()).isEqualTo(idp.base() + "/" + CONTOSO + "/v2.0");
        assertThat(discovery("CONTOSO.onmicrosoft.com").get("issuer").asText()).isEqualTo(idp.base() + "/" + CONTOSO + "/v2.0");
    }

    @Test
    void discoveryForCommonAuthorityHasTenantIdTemplateIssuer() {
        JsonNode doc = discovery("common");
        assertThat(doc.get("issuer").asText()).isEqualTo(idp.base() + "/{tenantid}/v2.0");
        assertThat(doc.get("token_endpoint").asText()).isEqualTo(idp.base() + "/common/oauth2/v2.0/token");
    }

    @Test
    void discoveryForOrganizationsAuthorityHasTenantIdTemplateIssuer() {
        assertThat(discovery("organizations").get("issuer").asText()).isEqualTo(idp.base() + "/{tenantid}/v2.0");
    }

    @Test
    void discoveryForConsumersAuthorityHasThePersonalAccountTenantIssuer() {
        assertThat(discovery("consumers").get("issuer").asText()).isEqualTo(idp.base() + "/" + CONSUMERS + "/v2.0");
    }

    @Test
    void discoveryAdvertisesWhatEntraAdvertisesAndNothingElse() {
        JsonNode doc = discovery("common");
        assertThat(strings(doc.get("response_types_supported"))).containsExactly("code", "id_token", "code id_token", "id_token token");
        assertThat(strings(doc.get("response_modes_supported"))).containsExactly("query", "fragment", "form_post");
        assertThat(strings(doc.get("subject_types_supported"))).containsExactly("pairwise");
        assertThat(strings(doc.get("id_token_signing_alg_values_supported"))).containsExactly("RS256");
        assertThat(strings(doc.get("scopes_supported"))).containsExactly("openid", "profile", "email", "offline_access");
        assertThat(strings(doc.get("token_endpoint_auth_methods_supported")))
                .containsExactly("client_secret_post", "private_key_jwt", "client_secret_basic");
        assertThat(strings(doc.get("claims_supported"))).doesNotContain("email_verified");
        assertThat(doc.has("code_challenge_methods_supported")).isFalse();
    }

    @Test
    void discoveryForUnknownTenantIsAnEntraError() {
        var response = idp.get("/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestIdp.json(response.body()).get("error_description").asText()).startsWith("AADSTS90002:");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
