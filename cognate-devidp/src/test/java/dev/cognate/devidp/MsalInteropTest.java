package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.ALICE;
import static dev.cognate.devidp.testing.TestIdp.ALICE_PASSWORD;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static dev.cognate.devidp.testing.TestIdp.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.devidp.crypto.Certificates;
import dev.cognate.devidp.testing.Browser;
import dev.cognate.devidp.testing.TestIdp;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Microsoft's own client library against the dev IdP. MSAL for Java only accepts https authorities, so this
 * IdP serves TLS with its generated certificate, which MSAL trusts through {@code sslSocketFactory};
 * instance discovery (a call to login.microsoftonline.com) is switched off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MsalInteropTest {
    private TestIdp idp;

    @BeforeAll
    void start() {
        idp = TestIdp.startWithTls();
        assertThat(idp.base()).startsWith("https://localhost:");
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    private ConfidentialClientApplication msal(String clientId, IClientCredential credential) throws Exception {
        return ConfidentialClientApplication.builder(clientId, credential)
                .authority(idp.base() + "/" + CONTOSO + "/")
                .instanceDiscovery(false)
                .validateAuthority(false)
                .sslSocketFactory(idp.idp.clientSslContext().getSocketFactory())
                .build();
    }

    @Test
    void msalRedeemsAnAuthorizationCodeAsAConfidentialClient() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg", "email");
        idp.adminConsent(app.appId(), null);
        ConfidentialClientApplication msal = msal(app.appId(), ClientCredentialFactory.createFromSecret(app.secret()));
        String authorizeUrl = msal.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters
                .builder(REDIRECT_URI, Set.of("User.Read")).state("msal-state").nonce("msal-nonce").build()).toString();
        assertThat(authorizeUrl).startsWith(idp.base() + "/" + CONTOSO + "/oauth2/v2.0/authorize");

        Map<String, String> callback = Browser.callbackParams(idp.browser().signIn(authorizeUrl, ALICE, ALICE_PASSWORD));
        assertThat(callback.get("state")).isEqualTo("msal-state");

        IAuthenticationResult result = msal.acquireToken(AuthorizationCodeParameters
                .builder(callback.get("code"), new URI(REDIRECT_URI)).scopes(Set.of("User.Read")).build()).get();
        JWTClaimsSet idToken = TestIdp.claims(result.idToken());
        assertThat(idToken.getStringClaim("nonce")).isEqualTo("msal-nonce");
        assertThat(idToken.getStringClaim("tid")).isEqualTo(CONTOSO);
        assertThat(result.account().username()).isEqualTo(ALICE);
        assertThat(result.account().homeAccountId()).isEqualTo(idToken.getStringClaim("oid") + "." + CONTOSO);
        assertThat(result.accessToken()).isNotBlank();
    }

    @Test
    void msalAcquiresAnAppTokenWithClientCredentialsAndASecret() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        IAuthenticationResult result = msal(app.appId(), ClientCredentialFactory.createFromSecret(app.secret()))
                .acquireToken(ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default")).build()).get();
        JWTClaimsSet claims = TestIdp.claims(result.accessToken());
        assertThat(claims.getStringClaim("appid")).isEqualTo(app.appId());
        assertThat(claims.getStringClaim("idtyp")).isEqualTo("app");
    }

    @Test
    void msalAuthenticatesWithACertificateCredential() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        Certificates.SelfSigned certificate = Certificates.generate("msal client", Duration.ofDays(30));
        idp.graph("PATCH", "/v1.0/applications/" + app.id(), """
                {"keyCredentials":[{"type":"AsymmetricX509Cert","usage":"Verify","key":"%s"}]}"""
                .formatted(Base64.getEncoder().encodeToString(certificate.der())), null);
        IAuthenticationResult result = msal(app.appId(), ClientCredentialFactory.createFromCertificate(
                certificate.keyPair().getPrivate(), certificate.certificate()))
                .acquireToken(ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default")).build()).get();
        assertThat(TestIdp.claims(result.accessToken()).getStringClaim("appid")).isEqualTo(app.appId());
    }

    @Test
    void msalSurfacesEntrasErrorForAWrongSecret() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        try {
            msal(app.appId(), ClientCredentialFactory.createFromSecret("wrong-secret"))
                    .acquireToken(ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default")).build()).get();
            throw new AssertionError("MSAL accepted a wrong secret");
        } catch (ExecutionException e) {
            MsalServiceException error = (MsalServiceException) e.getCause();
            assertThat(error.errorCode()).isEqualTo("invalid_client");
            assertThat(error.statusCode()).isEqualTo(401);
            assertThat(error.getMessage()).contains("AADSTS7000215");
        }
    }
}
