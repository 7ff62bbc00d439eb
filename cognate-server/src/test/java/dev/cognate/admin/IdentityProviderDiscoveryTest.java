package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.cognate.crypto.SecretBox;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.store.jdbc.JdbcIdentityProviderStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.EntraTenant;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;

/** CreateIdentityProvider and UpdateIdentityProvider read an OIDC issuer's discovery document, as AWS does. */
@ParameterizedClass
@EnumSource(Backend.class)
class IdentityProviderDiscoveryTest {
    static final String TENANT = "0d3a5c7e-9b1f-4e2d-8c6a-4f2e1d0c9b8a";
    static EntraTenant entra;

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeAll
    static void startIdp() {
        entra = EntraTenant.start("discovery-client");
    }

    @AfterAll
    static void stopIdp() {
        entra.close();
    }

    @BeforeEach
    void pool() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("discovery-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
    }

    static Map<String, String> details(String issuer) {
        Map<String, String> details = new HashMap<>();
        details.put("client_id", "discovery-client");
        details.put("client_secret", "discovery-secret");
        details.put("authorize_scopes", "openid profile email");
        details.put("attributes_request_method", "GET");
        details.put("oidc_issuer", issuer);
        return details;
    }

    private IdentityProviderType create(String name, Map<String, String> details) {
        return cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName(name)
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(details)).identityProvider();
    }

    private IdentityProviderType describe(String name) {
        return cognito.describeIdentityProvider(r -> r.userPoolId(poolId).providerName(name)).identityProvider();
    }

    private IdentityProvider stored(String name) {
        return new JdbcIdentityProviderStore(TestServer.shared(backend).server().database().jdbi(),
                new SecretBox(TestServer.MASTER_KEY)).find(poolId, name).orElseThrow();
    }

    private void assertRefused(Map<String, String> details, String... messageParts) {
        assertThatThrownBy(() -> create("refused", details))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContainingAll(messageParts);
    }

    /**
     * An update merges into the provider as it read it, and reads the issuer's discovery document
     * before it writes: one that read the provider before another update landed (a client secret
     * rotated, a mapping changed) is refused as Cognito refuses it, never written over that change.
     */
    @Test
    void lostUpdateAnUpdateThatReadTheProviderBeforeAnotherLandedIsRefusedNotWrittenOverIt() throws Exception {
        try (StubIdp idp = StubIdp.start("/slow-discovery-" + backend.name().toLowerCase())) {
            create("entra", details(idp.issuer()));
            CountDownLatch discovering = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            idp.discovery(doc -> {
                discovering.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return doc;
            });
            CognitoIdentityProviderClient slowAdmin = TestServer.shared(backend).clientWithoutRetries();
            Map<String, String> slowDetails = details(idp.issuer());
            slowDetails.put("client_secret", "slow-secret");
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<?> slow = thread.submit(() -> slowAdmin.updateIdentityProvider(r -> r.userPoolId(poolId)
                        .providerName("entra").providerDetails(slowDetails)));
                assertThat(discovering.await(30, TimeUnit.SECONDS)).isTrue();

                cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                        .attributeMapping(Map.of("email", "email", "username", "sub")));
                release.countDown();

                assertThatThrownBy(slow::get).cause().isInstanceOf(CognitoIdentityProviderException.class)
                        .satisfies(e -> assertThat(((CognitoIdentityProviderException) e).awsErrorDetails().errorCode())
                                .isEqualTo("ConcurrentModificationException"));
            } finally {
                release.countDown();
                thread.shutdownNow();
            }
            assertThat(describe("entra").attributeMapping()).containsEntry("email", "email");
            assertThat(stored("entra").secrets().clientSecret()).contains("discovery-secret");
        }
    }

    @Test
    void anEntraTenantsIssuerIsDiscoveredAndDescribeAnswersTheEndpointsItGave() {
        IdentityProviderType created = create("entra", details(entra.issuer()));

        assertThat(created.providerDetails()).contains(
                entry("oidc_issuer", entra.issuer()),
                entry("authorize_url", entra.issuer() + "/authorize"),
                entry("token_url", entra.issuer() + "/token"),
                entry("attributes_url", entra.issuer() + "/userinfo"),
                entry("jwks_uri", entra.issuer() + "/jwks"),
                entry("attributes_url_add_attributes", "false"));
        assertThat(describe("entra")).isEqualTo(created);
        assertThat(stored("entra").discovered().idTokenSigningAlgorithms()).contains("RS256");
    }

    @Test
    void aDescribedProviderSentBackIsDiscoveredAgainRatherThanFrozen() {
        create("entra", details(entra.issuer()));
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerDetails(describe("entra").providerDetails()));

        IdentityProvider stored = stored("entra");
        assertThat(stored.details()).doesNotContainKeys("authorize_url", "token_url", "attributes_url", "jwks_uri");
        assertThat(stored.discovered()).isNotNull();
        assertThat(describe("entra").providerDetails()).containsEntry("jwks_uri", entra.issuer() + "/jwks");
    }

    @Test
    void anUnreachableIssuerIsRefusedSayingWhy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        assertRefused(details("http://127.0.0.1:" + closedPort + "/" + TENANT + "/v2.0"),
                "could not be read", "connection refused", "oidc_issuer");
    }

    @Test
    void anIssuerWhoseDocumentNamesAnotherIssuerIsRefused() {
        try (StubIdp idp = StubIdp.start("/" + TENANT + "/v2.0")) {
            idp.discovery(doc -> with(doc, "issuer", "https://attacker.example.com/" + TENANT + "/v2.0"));
            assertRefused(details(idp.issuer()), "names the issuer https://attacker.example.com/", "must be exactly");
        }
    }

    @Test
    void aDocumentWithoutATokenEndpointIsRefused() {
        try (StubIdp idp = StubIdp.start("/" + TENANT + "/v2.0")) {
            idp.discovery(doc -> with(doc, "token_endpoint", null));
            assertRefused(details(idp.issuer()), "has no token_endpoint");
        }
    }

    @Test
    void anAnswerThatIsNotProviderMetadataIsRefused() {
        try (StubIdp idp = StubIdp.start("/" + TENANT + "/v2.0")) {
            idp.discovery(doc -> Map.of("hello", "world"));
            assertRefused(details(idp.issuer()), "is not OpenID provider metadata (no issuer)");
        }
    }

    @Test
    void anEntraMultiTenantAuthorityMayNameTheTenantTemplateButATenantMayNot() {
        try (StubIdp organizations = StubIdp.start("/organizations/v2.0");
             StubIdp tenant = StubIdp.start("/" + TENANT + "/v2.0")) {
            organizations.discovery(doc -> with(doc, "issuer", organizations.base() + "/{tenantid}/v2.0"));
            assertThat(create("multitenant", details(organizations.issuer())).providerDetails())
                    .containsEntry("token_url", organizations.endpoint("token"));

            tenant.discovery(doc -> with(doc, "issuer", tenant.base() + "/{tenantid}/v2.0"));
            assertRefused(details(tenant.issuer()), "names the issuer " + tenant.base() + "/{tenantid}/v2.0");
        }
    }

    @Test
    void anIssuerWithoutUserinfoIsAcceptedAndDescribedWithoutAttributesUrl() {
        try (StubIdp idp = StubIdp.start("/" + TENANT + "/v2.0")) {
            idp.discovery(doc -> with(doc, "userinfo_endpoint", null));
            assertThat(create("nouserinfo", details(idp.issuer())).providerDetails())
                    .containsEntry("jwks_uri", idp.endpoint("keys"))
                    .doesNotContainKey("attributes_url");
        }
    }

    @Test
    void explicitEndpointsAreHonouredWithoutReadingTheIssuer() {
        Map<String, String> details = details("https://login.microsoftonline.com/" + TENANT + "/v2.0");
        details.put("authorize_url", "https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/authorize");
        details.put("token_url", "https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/token");
        details.put("attributes_url", "https://graph.microsoft.com/oidc/userinfo");
        details.put("jwks_uri", "https://login.microsoftonline.com/" + TENANT + "/discovery/v2.0/keys");
        assertThat(create("explicit", details).providerDetails()).containsAllEntriesOf(details);
        assertThat(stored("explicit").discovered()).isNull();
    }

    @Test
    void updateRefusesAnIssuerThatCannotBeUsedAndKeepsTheProviderAsItWas() {
        create("entra", details(entra.issuer()));
        try (StubIdp idp = StubIdp.start("/" + TENANT + "/v2.0")) {
            idp.discovery(doc -> with(doc, "jwks_uri", null));
            assertThatThrownBy(() -> cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                    .providerDetails(details(idp.issuer()))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("has no jwks_uri");
        }
        assertThat(describe("entra").providerDetails()).containsEntry("oidc_issuer", entra.issuer());
    }

    private static Map<String, Object> with(Map<String, Object> doc, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(doc);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }
}
