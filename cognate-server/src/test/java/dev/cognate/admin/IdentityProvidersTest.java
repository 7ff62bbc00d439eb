package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.cognate.crypto.SecretBox;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.store.jdbc.JdbcIdentityProviderStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IdpKeys;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateIdentityProviderRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DuplicateProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListIdentityProvidersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ProviderDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;

@ParameterizedClass
@EnumSource(Backend.class)
class IdentityProvidersTest {
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String ENTRA_ISSUER = "https://login.microsoftonline.com/" + TENANT + "/v2.0";
    static final Map<String, String> SEED_MAPPING = Map.of(
            "email", "email", "given_name", "given_name", "family_name", "family_name");

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeEach
    void connect() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("providers-" + UUID.randomUUID().toString().substring(0, 8))
                        .schema(SchemaAttributeType.builder().name("tenant").attributeDataType(AttributeDataType.STRING).build()))
                .userPool().id();
    }

    /**
     * The seed's Entra provider details: a confidential client of one tenant. The endpoints are
     * given explicitly (login.microsoftonline.com is out of reach here, so its discovery
     * document cannot be read); discovery itself is shown in IdentityProviderDiscoveryTest.
     */
    static Map<String, String> entraDetails(String clientSecret) {
        Map<String, String> details = new HashMap<>(ENTRA_ENDPOINTS);
        details.put("client_id", "9a3c1e7b-5d2f-4c8a-b6e1-0f4d2a7c9e31");
        details.put("client_secret", clientSecret);
        details.put("authorize_scopes", "openid profile email");
        details.put("attributes_request_method", "POST");
        details.put("oidc_issuer", ENTRA_ISSUER);
        return details;
    }

    /** Entra's endpoints for the tenant, as its discovery document gives them. */
    static final Map<String, String> ENTRA_ENDPOINTS = Map.of(
            "authorize_url", "https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/authorize",
            "token_url", "https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/token",
            "attributes_url", "https://graph.microsoft.com/oidc/userinfo",
            "jwks_uri", "https://login.microsoftonline.com/" + TENANT + "/discovery/v2.0/keys");

    static Map<String, String> with(Map<String, String> details, String... keyValues) {
        Map<String, String> copy = new HashMap<>(details);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                copy.remove(keyValues[i]);
            } else {
                copy.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return copy;
    }

    private IdentityProviderType createOidc(String name, Map<String, String> details) {
        return cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName(name)
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(details)).identityProvider();
    }

    private IdentityProviderType describe(String name) {
        return cognito.describeIdentityProvider(r -> r.userPoolId(poolId).providerName(name)).identityProvider();
    }

    private void assertInvalidOidcDetails(Map<String, String> details, String... messageParts) {
        assertThatThrownBy(() -> createOidc("idp-" + UUID.randomUUID().toString().substring(0, 8), details))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContainingAll(messageParts);
    }

    /** The provider as stored, secrets opened, read with the test server's master key. */
    private IdentityProvider stored(String name) {
        var store = new JdbcIdentityProviderStore(TestServer.shared(backend).server().database().jdbi(),
                new SecretBox(TestServer.MASTER_KEY));
        return store.find(poolId, name).orElseThrow();
    }

    // --- CreateIdentityProvider / DescribeIdentityProvider

    @Test
    void theSeedsEntraProviderIsStoredAsGivenWithCognitosDefaults() {
        String secret = "entra~" + UUID.randomUUID();
        IdentityProviderType created = cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails(secret))
                .attributeMapping(SEED_MAPPING)).identityProvider();

        assertThat(created.userPoolId()).isEqualTo(poolId);
        assertThat(created.providerName()).isEqualTo("entra");
        assertThat(created.providerType()).isEqualTo(IdentityProviderTypeType.OIDC);
        assertThat(created.providerDetails()).containsOnly(
                entry("client_id", "9a3c1e7b-5d2f-4c8a-b6e1-0f4d2a7c9e31"),
                entry("client_secret", secret),
                entry("authorize_scopes", "openid profile email"),
                entry("attributes_request_method", "POST"),
                entry("oidc_issuer", ENTRA_ISSUER),
                entry("authorize_url", ENTRA_ENDPOINTS.get("authorize_url")),
                entry("token_url", ENTRA_ENDPOINTS.get("token_url")),
                entry("attributes_url", ENTRA_ENDPOINTS.get("attributes_url")),
                entry("jwks_uri", ENTRA_ENDPOINTS.get("jwks_uri")),
                entry("attributes_url_add_attributes", "false"));
        assertThat(created.attributeMapping()).containsOnly(entry("email", "email"),
                entry("given_name", "given_name"), entry("family_name", "family_name"), entry("username", "sub"));
        assertThat(created.idpIdentifiers()).isEmpty();
        assertThat(created.creationDate()).isNotNull().isEqualTo(created.lastModifiedDate());

        assertThat(describe("entra")).isEqualTo(created);
    }

    @Test
    void theDefaultUsernameMappingIsAddedOnlyWhenTheMappingHasNone() {
        assertThat(createOidc("nomapping", entraDetails("s")).attributeMapping()).containsOnly(entry("username", "sub"));
        IdentityProviderType own = cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("ownusername")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s"))
                .attributeMapping(Map.of("username", "oid", "custom:tenant", "tid"))).identityProvider();
        assertThat(own.attributeMapping()).containsOnly(entry("username", "oid"), entry("custom:tenant", "tid"));
    }

    @Test
    void aPublicOidcClientNeedsNoSecret() {
        IdentityProviderType created = createOidc("public", with(entraDetails("x"), "client_secret", null));
        assertThat(created.providerDetails()).doesNotContainKey("client_secret");
    }

    @Test
    void socialAndSamlProvidersAreStoredWithTheirOwnKeys() {
        IdentityProviderType google = cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("Google")
                .providerType(IdentityProviderTypeType.GOOGLE)
                .providerDetails(Map.of("client_id", "g", "client_secret", "gs", "authorize_scopes", "openid email")))
                .identityProvider();
        assertThat(google.attributeMapping()).containsOnly(entry("username", "sub"));
        IdentityProviderType saml = cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("corp-saml")
                .providerType(IdentityProviderTypeType.SAML)
                .providerDetails(Map.of("MetadataURL", "https://idp.example.com/metadata.xml")))
                .identityProvider();
        assertThat(saml.attributeMapping()).isEmpty();
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("Facebook")
                .providerType(IdentityProviderTypeType.FACEBOOK)
                .providerDetails(Map.of("client_id", "f", "authorize_scopes", "email"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("client_secret");
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("saml2")
                .providerType(IdentityProviderTypeType.SAML).providerDetails(Map.of("IDPSignout", "true"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("MetadataURL");
    }

    @Test
    void providerNamesFollowAwsRules() {
        // AWS's pattern allows '_' only as the second character: "my_entra" is refused too.
        for (String name : List.of("", "x".repeat(33), "_entra", "entra_", "en tra", "ab", "my_entra")) {
            assertThatThrownBy(() -> createOidc(name, entraDetails("s")))
                    .as(name).isInstanceOf(InvalidParameterException.class).hasMessageContaining("providerName");
        }
        for (String name : List.of("Cognito", "COGNITO", "CognitoUsers")) {
            assertThatThrownBy(() -> createOidc(name, entraDetails("s")))
                    .as(name).isInstanceOf(InvalidParameterException.class).hasMessageContaining("reserved");
        }
        assertThat(createOidc("x".repeat(32), entraDetails("s")).providerName()).hasSize(32);
        assertThat(createOidc("entra-2.corp", entraDetails("s")).providerName()).isEqualTo("entra-2.corp");
    }

    @Test
    void aSecondProviderWithTheSameNameIsADuplicate() {
        createOidc("entra", entraDetails("s"));
        assertThatThrownBy(() -> createOidc("entra", entraDetails("s")))
                .isInstanceOf(DuplicateProviderException.class)
                .hasMessageContaining("A provider with the name entra already exists in this user pool.");
    }

    @Test
    void providerTypeAndDetailsAreRequired() {
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType("Twitter").providerDetails(entraDetails("s"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("providerType");
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerDetails(entraDetails("s"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("providerType");
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("providerDetails");
    }

    @Test
    void oidcDetailsNeedTheirRequiredKeysAndValidValues() {
        for (String key : List.of("client_id", "authorize_scopes", "attributes_request_method", "oidc_issuer")) {
            assertInvalidOidcDetails(with(entraDetails("s"), key, null), key);
        }
        assertInvalidOidcDetails(with(entraDetails("s"), "attributes_request_method", "PUT"), "GET or POST");
        assertInvalidOidcDetails(with(entraDetails("s"), "authorize_scopes", "profile email"), "openid");
        assertInvalidOidcDetails(with(entraDetails("s"), "oidc_issuer", "http://login.example.com/v2.0"), "oidc_issuer", "https");
        assertInvalidOidcDetails(with(entraDetails("s"), "oidc_issuer", "login.example.com"), "oidc_issuer");
        assertInvalidOidcDetails(with(entraDetails("s"), "oidc_issuer", "https://idp.example.com/?x=1"), "oidc_issuer");
    }

    @Test
    void aLoopbackIssuerMayUsePlainHttp() {
        assertThat(createOidc("devidp", with(entraDetails("s"), "oidc_issuer", "http://localhost:9230/tenant/v2.0"))
                .providerDetails()).containsEntry("oidc_issuer", "http://localhost:9230/tenant/v2.0");
        assertThat(createOidc("devidp2", with(entraDetails("s"), "oidc_issuer", "http://127.0.0.1:9230/v2.0"))
                .providerName()).isEqualTo("devidp2");
    }

    @Test
    void endpointUrlsAreGivenAllTogetherOrNotAtAll() {
        Map<String, String> endpoints = with(entraDetails("s"),
                "authorize_url", "https://login.example.com/authorize", "token_url", "https://login.example.com/token",
                "attributes_url", "https://graph.example.com/oidc/userinfo", "jwks_uri", "https://login.example.com/keys");
        assertThat(createOidc("manual", endpoints).providerDetails())
                .containsEntry("jwks_uri", "https://login.example.com/keys");
        assertInvalidOidcDetails(with(endpoints, "jwks_uri", null), "jwks_uri");
        assertInvalidOidcDetails(with(endpoints, "token_url", "ftp://login.example.com/token"), "token_url");
    }

    @Test
    void unknownDetailKeysAreRefusedByName() {
        assertInvalidOidcDetails(with(entraDetails("s"), "client_sekret", "typo"), "client_sekret");
        assertInvalidOidcDetails(with(entraDetails("s"), "api_version", "v17"), "api_version", "OIDC");
    }

    @Test
    void cognateExtensionKeysAreKeptAndChecked() {
        String otherTenant = "0b5f4a0c-1c8e-4a7e-9a53-3f8c2d7e6a10";
        Map<String, String> details = with(entraDetails("s"),
                "oidc_issuer", "https://login.microsoftonline.com/organizations/v2.0",
                "token_endpoint_auth_method", "client_secret_basic", "pkce", "false",
                "allowed_tenants", TENANT + " " + otherTenant, "client_secret_expires_at", "2030-01-31T00:00:00Z",
                "groups_claim", "groups", "certificate", IdpKeys.CERTIFICATE_PEM);
        IdentityProviderType created = createOidc("multitenant", details);
        assertThat(created.providerDetails()).containsEntry("token_endpoint_auth_method", "client_secret_basic")
                .containsEntry("pkce", "false").containsEntry("allowed_tenants", TENANT + " " + otherTenant)
                .containsEntry("client_secret_expires_at", "2030-01-31T00:00:00Z").containsEntry("groups_claim", "groups")
                .containsEntry("certificate", IdpKeys.CERTIFICATE_PEM);
        assertThat(createOidc("epochexpiry", with(entraDetails("s"), "client_secret_expires_at", "1900000000"))
                .providerDetails()).containsEntry("client_secret_expires_at", "1900000000");

        assertInvalidOidcDetails(with(details, "token_endpoint_auth_method", "tls_client_auth"), "token_endpoint_auth_method");
        assertInvalidOidcDetails(with(details, "token_endpoint_auth_method", "client_secret_post", "client_secret", null),
                "token_endpoint_auth_method", "client_secret");
        assertInvalidOidcDetails(with(details, "token_endpoint_auth_method", "private_key_jwt"), "private_key");
        assertInvalidOidcDetails(with(details, "pkce", "yes"), "pkce");
        assertInvalidOidcDetails(with(details, "allowed_tenants", "contoso.onmicrosoft.com"), "allowed_tenants");
        assertInvalidOidcDetails(with(details, "allowed_tenants", " "), "allowed_tenants");
        assertInvalidOidcDetails(with(details, "client_secret_expires_at", "next year"), "client_secret_expires_at");
        assertInvalidOidcDetails(with(details, "groups_claim", "my groups"), "groups_claim");
        assertInvalidOidcDetails(with(details, "certificate", "not a certificate"), "certificate");
        assertInvalidOidcDetails(with(details, "private_key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"),
                "private_key", "PKCS#8");
    }

    @Test
    void aPrivateKeyIsKeptButNeverAnswered() {
        String privateKey = IdpKeys.newPrivateKeyPem();
        IdentityProviderType created = createOidc("keyed", with(entraDetails("s"), "client_secret", null,
                "token_endpoint_auth_method", "private_key_jwt", "private_key", privateKey,
                "certificate", IdpKeys.CERTIFICATE_PEM));
        assertThat(created.providerDetails()).doesNotContainKey("private_key")
                .containsEntry("token_endpoint_auth_method", "private_key_jwt");
        assertThat(describe("keyed").providerDetails()).doesNotContainKey("private_key");
        assertThat(stored("keyed").secrets().privateKey()).contains(privateKey);

        // A described provider sent back (without the key it never saw) keeps its key.
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("keyed")
                .providerDetails(describe("keyed").providerDetails()));
        assertThat(stored("keyed").secrets().privateKey()).contains(privateKey);
        assertThat(stored("keyed").oidc().clientAuthentication().value()).isEqualTo("private_key_jwt");
    }

    @Test
    void attributeMappingKeysArePoolAttributes() {
        IdentityProviderType created = cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("mapped")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s"))
                .attributeMapping(Map.of("email_verified", "email_verified", "custom:tenant", "tid", "name", "name")))
                .identityProvider();
        assertThat(created.attributeMapping()).containsEntry("custom:tenant", "tid");

        for (Map<String, String> mapping : List.of(Map.of("favourite_colour", "colour"), Map.of("custom:missing", "x"),
                Map.of("sub", "oid"), Map.of("identities", "x"))) {
            assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("badmap")
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s")).attributeMapping(mapping)))
                    .as(mapping.toString()).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining(mapping.keySet().iterator().next());
        }
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("badmap")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s"))
                .attributeMapping(Map.of("email", ""))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("attributeMapping.email");
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("badmap")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s"))
                .attributeMapping(Map.of("email", "e".repeat(131073)))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("attributeMapping.email");
    }

    @Test
    void nullValuesAndWrongTypesAreRefusedAsClientErrors() {
        TestServer server = TestServer.shared(backend);
        var nullDetail = RawAdminRequest.to(server, "CreateIdentityProvider").body("{\"UserPoolId\":\"" + poolId
                + "\",\"ProviderName\":\"entra\",\"ProviderType\":\"OIDC\",\"ProviderDetails\":{\"client_id\":null}}").send();
        assertThat(nullDetail.status()).isEqualTo(400);
        // every map of the wire shapes holds strings: a null is refused as the request's shape, naming the key
        assertThat(nullDetail.errorType()).isEqualTo("SerializationException");
        assertThat(nullDetail.body()).contains("client_id");

        var wrongType = RawAdminRequest.to(server, "CreateIdentityProvider").body("{\"UserPoolId\":\"" + poolId
                + "\",\"ProviderName\":\"entra\",\"ProviderType\":\"OIDC\",\"ProviderDetails\":\"client_id=x\"}").send();
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.errorType()).isEqualTo("SerializationException");
        assertThat(wrongType.body()).contains("ProviderDetails");
    }

    @Test
    void everyOperationNeedsAnExistingPool() {
        String missing = "us-east-1_NoSuchPoo";
        String message = "User pool " + missing + " does not exist.";
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(missing).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s"))))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> cognito.describeIdentityProvider(r -> r.userPoolId(missing).providerName("entra")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> cognito.updateIdentityProvider(r -> r.userPoolId(missing).providerName("entra")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> cognito.deleteIdentityProvider(r -> r.userPoolId(missing).providerName("entra")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> cognito.listIdentityProviders(r -> r.userPoolId(missing)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> cognito.getIdentityProviderByIdentifier(r -> r.userPoolId(missing).idpIdentifier("x")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> cognito.describeIdentityProvider(r -> r.userPoolId("not a pool").providerName("entra")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("userPoolId");
    }

    @Test
    void describingAnUnknownProviderIsNotFound() {
        assertThatThrownBy(() -> describe("nobody"))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("nobody");
        assertThatThrownBy(() -> describe(""))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("providerName");
    }

    // --- IdpIdentifiers and GetIdentityProviderByIdentifier

    @Test
    void aProviderIsFoundByAnyOfItsIdentifiers() {
        IdentityProviderType created = cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s"))
                .idpIdentifiers("contoso.com", "fabrikam.com")).identityProvider();
        assertThat(created.idpIdentifiers()).containsExactly("contoso.com", "fabrikam.com");

        assertThat(cognito.getIdentityProviderByIdentifier(r -> r.userPoolId(poolId).idpIdentifier("fabrikam.com"))
                .identityProvider()).isEqualTo(created);
        assertThatThrownBy(() -> cognito.getIdentityProviderByIdentifier(r -> r.userPoolId(poolId).idpIdentifier("other.org")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("other.org");
        assertThatThrownBy(() -> cognito.getIdentityProviderByIdentifier(r -> r.userPoolId(poolId).idpIdentifier("no/slash")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("idpIdentifier");
        assertThatThrownBy(() -> cognito.getIdentityProviderByIdentifier(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("idpIdentifier");
    }

    @Test
    void identifiersAreUniqueAcrossThePoolsProviders() {
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s")).idpIdentifiers("contoso.com"));
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("okta")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s")).idpIdentifiers("contoso.com")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContainingAll("Duplicate identifiers", "contoso.com");
        assertThatThrownBy(() -> describe("okta")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("okta")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s")).idpIdentifiers("a.org", "a.org")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContainingAll("Duplicate identifiers", "a.org");
    }

    @Test
    void identifiersFollowAwsLimits() {
        List<String> tooMany = IntStream.rangeClosed(1, 51).mapToObj(i -> "d" + i + ".org").toList();
        for (List<String> identifiers : List.of(tooMany, List.of("x".repeat(41)), List.of(""), List.of("a/b"))) {
            assertThatThrownBy(() -> cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                    .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s")).idpIdentifiers(identifiers)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("idpIdentifiers");
        }
        List<String> fifty = tooMany.subList(0, 50);
        assertThat(cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s"))
                .idpIdentifiers(fifty)).identityProvider().idpIdentifiers()).hasSize(50);
    }

    // --- UpdateIdentityProvider

    @Test
    void updateReplacesTheGivenMembersAndKeepsTheOthers() {
        IdentityProviderType created = cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("old-secret"))
                .attributeMapping(SEED_MAPPING).idpIdentifiers("contoso.com")).identityProvider();

        IdentityProviderType renamedClaims = cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .attributeMapping(Map.of("email", "upn"))).identityProvider();
        assertThat(renamedClaims.attributeMapping()).containsOnly(entry("email", "upn"), entry("username", "sub"));
        assertThat(renamedClaims.providerDetails()).isEqualTo(created.providerDetails());
        assertThat(renamedClaims.idpIdentifiers()).containsExactly("contoso.com");
        assertThat(renamedClaims.creationDate()).isEqualTo(created.creationDate());
        assertThat(renamedClaims.lastModifiedDate()).isAfterOrEqualTo(created.lastModifiedDate());

        IdentityProviderType rotated = cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerDetails(entraDetails("new-secret")).idpIdentifiers("fabrikam.com")).identityProvider();
        assertThat(rotated.providerDetails()).containsEntry("client_secret", "new-secret");
        assertThat(rotated.attributeMapping()).isEqualTo(renamedClaims.attributeMapping());
        assertThat(describe("entra")).isEqualTo(rotated);
        assertThat(cognito.getIdentityProviderByIdentifier(r -> r.userPoolId(poolId).idpIdentifier("fabrikam.com"))
                .identityProvider().providerName()).isEqualTo("entra");
        assertThatThrownBy(() -> cognito.getIdentityProviderByIdentifier(r -> r.userPoolId(poolId).idpIdentifier("contoso.com")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void updateChecksWhatItIsGiven() {
        createOidc("entra", entraDetails("s"));
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("okta")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s")).idpIdentifiers("okta.org"));

        assertThatThrownBy(() -> cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerDetails(with(entraDetails("s"), "oidc_issuer", null))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("oidc_issuer");
        assertThatThrownBy(() -> cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .attributeMapping(Map.of("custom:missing", "x"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("custom:missing");
        assertThatThrownBy(() -> cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .idpIdentifiers("okta.org")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContainingAll("Duplicate identifiers", "okta.org");
        assertThatThrownBy(() -> cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("nobody")
                .attributeMapping(Map.of("email", "email"))))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("nobody");
        assertThat(describe("entra").providerDetails()).containsEntry("oidc_issuer", ENTRA_ISSUER);
    }

    // --- DeleteIdentityProvider

    @Test
    void deleteRemovesTheProviderAndFreesItsNameAndIdentifiers() {
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s")).idpIdentifiers("contoso.com"));
        cognito.deleteIdentityProvider(r -> r.userPoolId(poolId).providerName("entra"));

        assertThatThrownBy(() -> describe("entra")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.deleteIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("entra");
        assertThatThrownBy(() -> cognito.getIdentityProviderByIdentifier(r -> r.userPoolId(poolId).idpIdentifier("contoso.com")))
                .isInstanceOf(ResourceNotFoundException.class);
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(entraDetails("s")).idpIdentifiers("contoso.com"));
        assertThatThrownBy(() -> cognito.deleteIdentityProvider(r -> r.userPoolId(poolId).providerName("en tra")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("providerName");
    }

    // --- ListIdentityProviders

    @Test
    void listPagesThroughThePoolsProviders() {
        List<String> names = List.of("delta", "alpha", "echo", "bravo", "charlie");
        names.forEach(name -> createOidc(name, entraDetails("s")));

        List<ProviderDescription> seen = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListIdentityProvidersResponse page = cognito.listIdentityProviders(r -> r.userPoolId(poolId).maxResults(2).nextToken(next));
            assertThat(page.providers()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.providers());
            token = page.nextToken();
        } while (token != null);

        assertThat(seen).extracting(ProviderDescription::providerName)
                .containsExactly("alpha", "bravo", "charlie", "delta", "echo");
        IdentityProviderType alpha = describe("alpha");
        assertThat(seen.getFirst()).isEqualTo(ProviderDescription.builder().providerName("alpha")
                .providerType(IdentityProviderTypeType.OIDC).creationDate(alpha.creationDate())
                .lastModifiedDate(alpha.lastModifiedDate()).build());
        assertThat(cognito.listIdentityProviders(r -> r.userPoolId(poolId)).providers()).hasSize(5);
    }

    @Test
    void listRefusesBadPagingMembers() {
        assertThatThrownBy(() -> cognito.listIdentityProviders(r -> r.userPoolId(poolId).maxResults(0)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> cognito.listIdentityProviders(r -> r.userPoolId(poolId).maxResults(61)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> cognito.listIdentityProviders(r -> r.userPoolId(poolId).nextToken("not a token")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("nextToken");
        assertThatThrownBy(() -> cognito.listIdentityProviders(r -> r.userPoolId(poolId).nextToken("***")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("pagination token");
    }

    @Test
    void anEmptyPoolListsNoProviders() {
        ListIdentityProvidersResponse page = cognito.listIdentityProviders(r -> r.userPoolId(poolId));
        assertThat(page.providers()).isEmpty();
        assertThat(page.nextToken()).isNull();
    }

    // --- Secrets at rest

    @Test
    void clientSecretsAndPrivateKeysAreNotInTheDatabaseInClear() throws IOException {
        String clientId = "client-" + UUID.randomUUID();
        String secret = "at-rest-" + UUID.randomUUID();
        String privateKey = IdpKeys.newPrivateKeyPem();
        String keyLine = privateKey.lines().skip(2).findFirst().orElseThrow();
        createOidc("entra", with(entraDetails(secret), "client_id", clientId));
        createOidc("keyed", with(entraDetails("s"), "token_endpoint_auth_method", "private_key_jwt",
                "private_key", privateKey));
        assertThat(describe("entra").providerDetails()).containsEntry("client_secret", secret);

        String stored = storedText();
        assertThat(stored).as("the provider was written").contains(clientId);
        assertThat(stored).doesNotContain(secret).doesNotContain(keyLine);
    }

    /** Everything the database holds: the SQLite files' bytes, or PostgreSQL's provider rows as text. */
    private String storedText() throws IOException {
        TestServer server = TestServer.shared(backend);
        if (backend == Backend.SQLITE) {
            StringBuilder bytes = new StringBuilder();
            try (Stream<Path> files = Files.list(server.dataDir())) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("cognate.db")).toList()) {
                    bytes.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
            return bytes.toString();
        }
        return server.server().database().jdbi().withHandle(h -> String.join("\n",
                h.createQuery("SELECT t::text FROM identity_providers t").mapTo(String.class).list()));
    }
}
