package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.CONSUMERS;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static dev.cognate.devidp.testing.TestIdp.FABRIKAM;
import static dev.cognate.devidp.testing.TestIdp.NORTHWIND;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.devidp.testing.TestIdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** entra.md checklist 5: members per tenant, guests (idp differs from iss), personal accounts, unverified or attacker-chosen e-mail. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestUsersConformanceTest {
    private static final String GUEST = "bob_fabrikam.onmicrosoft.com#EXT#@contoso.onmicrosoft.com";
    private TestIdp idp;

    @BeforeAll
    void start() {
        idp = TestIdp.start();
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    @Test
    void aGuestGetsATokenOfTheInvitingTenantWithIdpNamingItsHomeTenant() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        JWTClaimsSet guest = idp.idTokenClaims(app, CONTOSO, TestIdp.codeRequest(app), GUEST, "bob-pw");
        assertThat(guest.getStringClaim("tid")).isEqualTo(CONTOSO);
        assertThat(guest.getIssuer()).isEqualTo(idp.base() + "/" + CONTOSO + "/v2.0");
        assertThat(guest.getStringClaim("idp")).isEqualTo("https://sts.windows.net/" + FABRIKAM + "/").isNotEqualTo(guest.getIssuer());
        JWTClaimsSet member = idp.idTokenClaims(app, CONTOSO, TestIdp.codeRequest(app), TestIdp.ALICE, TestIdp.ALICE_PASSWORD);
        assertThat(member.getClaims()).doesNotContainKey("idp");
    }

    @Test
    void theSamePersonInTwoTenantsHasTwoOids() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMultipleOrgs");
        JWTClaimsSet asGuest = idp.idTokenClaims(app, CONTOSO, TestIdp.codeRequest(app), GUEST, "bob-pw");
        JWTClaimsSet atHome = idp.idTokenClaims(app, FABRIKAM, TestIdp.codeRequest(app), "bob@fabrikam.onmicrosoft.com", "bob-pw");
        assertThat(asGuest.getStringClaim("oid")).isNotEqualTo(atHome.getStringClaim("oid"));
        assertThat(asGuest.getStringClaim("tid")).isNotEqualTo(atHome.getStringClaim("tid"));
    }

    @Test
    void aPersonalAccountSignsInThroughConsumersWithThePersonalAccountTenant() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADandPersonalMicrosoftAccount");
        JWTClaimsSet claims = idp.idTokenClaims(app, "consumers", TestIdp.codeRequest(app), "carol@outlook.com", "carol-pw");
        assertThat(claims.getStringClaim("tid")).isEqualTo(CONSUMERS);
        assertThat(claims.getIssuer()).isEqualTo(idp.base() + "/" + CONSUMERS + "/v2.0");
    }

    @Test
    void throughCommonEachUserGetsTheIssuerOfTheirOwnTenant() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADandPersonalMicrosoftAccount");
        JWTClaimsSet carol = idp.idTokenClaims(app, "common", TestIdp.codeRequest(app), "carol@outlook.com", "carol-pw");
        JWTClaimsSet bob = idp.idTokenClaims(app, "common", TestIdp.codeRequest(app), "bob@fabrikam.onmicrosoft.com", "bob-pw");
        assertThat(carol.getIssuer()).isEqualTo(idp.base() + "/" + CONSUMERS + "/v2.0");
        assertThat(bob.getIssuer()).isEqualTo(idp.base() + "/" + FABRIKAM + "/v2.0");
    }

    @Test
    void anAttackerChosenUnverifiedEmailReachesAppsThatKeepUnverifiedEmails() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMultipleOrgs", "email", "xms_edov");
        idp.graph("PATCH", "/v1.0/applications/" + app.id(), "{\"authenticationBehaviors\":{\"removeUnverifiedEmailClaim\":false}}", null);
        JWTClaimsSet mallory = idp.idTokenClaims(app, NORTHWIND, TestIdp.codeRequest(app), "mallory@northwind.onmicrosoft.com", "mallory-pw");
        assertThat(mallory.getStringClaim("email")).isEqualTo("alice@contoso.onmicrosoft.com");
        assertThat(mallory.getBooleanClaim("xms_edov")).isFalse();
        assertThat(mallory.getStringClaim("tid")).isEqualTo(NORTHWIND);
    }

    @Test
    void multiTenantAppsDropUnverifiedEmailByDefault() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMultipleOrgs", "email");
        JWTClaimsSet mallory = idp.idTokenClaims(app, NORTHWIND, TestIdp.codeRequest(app), "mallory@northwind.onmicrosoft.com", "mallory-pw");
        assertThat(mallory.getClaims()).doesNotContainKey("email");
        JWTClaimsSet alice = idp.idTokenClaims(app, CONTOSO, TestIdp.codeRequest(app), TestIdp.ALICE, TestIdp.ALICE_PASSWORD);
        assertThat(alice.getStringClaim("email")).isEqualTo("alice@contoso.onmicrosoft.com");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserReadTheSame() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        var browser = idp.browser();
        var page = browser.get(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app)));
        var wrongPassword = browser.submitSignIn(page, TestIdp.ALICE, "nope");
        var unknownUser = browser.submitSignIn(wrongPassword, "nobody@contoso.onmicrosoft.com", "nope");
        assertThat(wrongPassword.body()).contains("Your account or password is incorrect.");
        assertThat(unknownUser.body()).contains("Your account or password is incorrect.");
        assertThat(wrongPassword.statusCode()).isEqualTo(unknownUser.statusCode()).isEqualTo(200);
    }
}
