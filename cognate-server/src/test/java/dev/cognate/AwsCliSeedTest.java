package dev.cognate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.testing.EntraTenant;
import dev.cognate.testing.AwsCli;
import dev.cognate.testing.ServeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's user-pool steps as an operator runs them: {@code scripts/seed-user-pool.sh}
 * calls the real AWS CLI v2 against a {@code cognate serve} process, and the CLI describes
 * back what it created.
 */
@Tag("seed-cli")
class AwsCliSeedTest {
    private static final Path SEED_SCRIPT = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("scripts").resolve("seed-user-pool.sh");
    private static final String CALLBACK_URL = "https://app.example.com/callback";

    static ServeProcess server;
    static AwsCli aws;

    @BeforeAll
    static void startServer() throws IOException {
        assumeTrue(AwsCli.installed(), "the AWS CLI v2 is not installed at " + AwsCli.BINARY
                + " (apt-get install awscli; .ci/run does)");
        server = ServeProcess.start(Files.createTempDirectory("cognate-cli-"), null);
        aws = new AwsCli(server.endpoint().toString());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> seed(Map<String, String> env) {
        AwsCli.Result result = aws.run(List.of("bash", SEED_SCRIPT.toString()), env);
        assertThat(result.exitCode()).as("seed-user-pool.sh failed:\n%s\nserver output:\n%s", result.stderr(),
                server.output()).isZero();
        Map<String, String> created = new LinkedHashMap<>();
        result.stdout().lines().filter(l -> l.contains("=")).forEach(l ->
                created.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return created;
    }

    private static JsonNode describe(String... args) {
        AwsCli.Result result = aws.cognitoIdp(args);
        assertThat(result.exitCode()).as("aws cognito-idp %s:\n%s", String.join(" ", args), result.stderr()).isZero();
        return result.json();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void seedPoolStepCreatesAPoolTheCliDescribesBack() {
        String poolName = "seed-pool-" + UUID.randomUUID().toString().substring(0, 8);

        Map<String, String> created = seed(Map.of("POOL_NAME", poolName, "SEED_STEPS", "pool"));

        String poolId = created.get("POOL_ID");
        assertThat(poolId).matches("us-east-1_[0-9A-Za-z]{9}");
        JsonNode pool = describe("describe-user-pool", "--user-pool-id", poolId).get("UserPool");
        assertThat(pool.get("Id").asText()).isEqualTo(poolId);
        assertThat(pool.get("Name").asText()).isEqualTo(poolName);
        assertThat(describe("list-user-pools", "--max-results", "60").get("UserPools").findValuesAsText("Id"))
                .contains(poolId);
    }

    /** Needs the domains, identity providers and app clients branches (issue 2). */
    @Test
    void seedCreatesPoolDomainEntraProviderAndAppClientTheCliDescribesBack() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String poolName = "seed-pool-" + suffix;
        String domain = "seed-app-" + suffix;
        String tenant = EntraTenant.TENANT_ID;
        String entraClientId = UUID.randomUUID().toString();
        // An Entra-shaped tenant on loopback answers the discovery Cognate reads when the provider is created.
        EntraTenant entra = EntraTenant.start(entraClientId);
        String authority = entra.issuer().substring(0, entra.issuer().indexOf("/" + tenant));
        String entraSecret = "Abc8Q~" + UUID.randomUUID().toString().replace("-", "");

        Map<String, String> created;
        try (entra) {
            created = seed(Map.of(
                "POOL_NAME", poolName, "DOMAIN_PREFIX", domain, "ENTRA_TENANT_ID", tenant, "ENTRA_AUTHORITY", authority,
                "ENTRA_CLIENT_ID", entraClientId, "ENTRA_CLIENT_SECRET", entraSecret,
                "CLIENT_NAME", "seed-app-client", "CALLBACK_URL", CALLBACK_URL));
        }

        String poolId = created.get("POOL_ID");
        assertThat(created).containsEntry("DOMAIN", domain).containsEntry("PROVIDER", "entra").containsKey("CLIENT_ID");
        assertThat(describe("describe-user-pool", "--user-pool-id", poolId).get("UserPool").get("Name").asText())
                .isEqualTo(poolName);

        JsonNode domainDescription = describe("describe-user-pool-domain", "--domain", domain).get("DomainDescription");
        assertThat(domainDescription.get("Domain").asText()).isEqualTo(domain);
        assertThat(domainDescription.get("UserPoolId").asText()).isEqualTo(poolId);

        JsonNode provider = describe("describe-identity-provider", "--user-pool-id", poolId,
                "--provider-name", "entra").get("IdentityProvider");
        assertThat(provider.get("UserPoolId").asText()).isEqualTo(poolId);
        assertThat(provider.get("ProviderName").asText()).isEqualTo("entra");
        assertThat(provider.get("ProviderType").asText()).isEqualTo("OIDC");
        JsonNode details = provider.get("ProviderDetails");
        assertThat(details.get("client_id").asText()).isEqualTo(entraClientId);
        assertThat(details.get("client_secret").asText()).isEqualTo(entraSecret);
        assertThat(details.get("authorize_scopes").asText()).isEqualTo("openid profile email");
        assertThat(details.get("attributes_request_method").asText()).isEqualTo("POST");
        assertThat(details.get("oidc_issuer").asText()).isEqualTo(entra.issuer());
        JsonNode mapping = provider.get("AttributeMapping");
        assertThat(mapping.get("email").asText()).isEqualTo("email");
        assertThat(mapping.get("given_name").asText()).isEqualTo("given_name");
        assertThat(mapping.get("family_name").asText()).isEqualTo("family_name");

        JsonNode client = describe("describe-user-pool-client", "--user-pool-id", poolId,
                "--client-id", created.get("CLIENT_ID")).get("UserPoolClient");
        assertThat(client.get("ClientName").asText()).isEqualTo("seed-app-client");
        assertThat(client.get("ClientSecret").asText()).isNotBlank();
        assertThat(texts(client.get("CallbackURLs"))).containsExactly(CALLBACK_URL);
        assertThat(texts(client.get("AllowedOAuthFlows"))).containsExactly("code");
        assertThat(texts(client.get("AllowedOAuthScopes"))).containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(client.get("AllowedOAuthFlowsUserPoolClient").asBoolean()).isTrue();
        assertThat(texts(client.get("SupportedIdentityProviders"))).containsExactlyInAnyOrder("entra", "COGNITO");
    }
}
