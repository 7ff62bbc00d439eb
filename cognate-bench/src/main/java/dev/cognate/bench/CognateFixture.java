package dev.cognate.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * What the load needs in a fresh Cognate, made through the AWS SDK as an operator would: a
 * pool with a resource server, confidential clients allowed client_credentials for its scope,
 * and users in a group signed in (InitiateAuth USER_PASSWORD_AUTH) at a public client, whose
 * refresh tokens the refresh load presents.
 */
final class CognateFixture {
    static final String RESOURCE_SERVER = "bench-api";
    static final String SCOPE = RESOURCE_SERVER + "/read";
    private static final String PASSWORD = "Bench-Passw0rd!long";

    private CognateFixture() {}

    /** The scenarios, and the pool's id (for its JWKS). */
    record Prepared(String poolId, Scenario clientCredentials, Scenario refreshToken, SignInRate.Users users) {}

    static Prepared prepare(String baseUrl, String host, int port, int machineClients, int users) {
        return prepare(baseUrl, host, port, machineClients, users, null);
    }

    /**
     * The same in a pool whose PreTokenGeneration trigger is {@code preTokenGeneration} (V1_0;
     * none when null). Its scenario names say so.
     */
    static Prepared prepare(String baseUrl, String host, int port, int machineClients, int users,
                            String preTokenGeneration) {
        String suffix = preTokenGeneration == null ? "" : " +PreTokenGen";
        try (CognitoIdentityProviderClient admin = CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create(baseUrl))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ServerProcess.ACCESS_KEY_ID, ServerProcess.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String poolId = admin.createUserPool(r -> {
                r.poolName("bench");
                if (preTokenGeneration != null) {
                    r.lambdaConfig(l -> l.preTokenGeneration(preTokenGeneration));
                }
            }).userPool().id();
            admin.createResourceServer(r -> r.userPoolId(poolId).identifier(RESOURCE_SERVER).name("Bench API")
                    .scopes(s -> s.scopeName("read").scopeDescription("Read")));

            List<byte[]> clientCredentials = new ArrayList<>();
            for (int i = 0; i < machineClients; i++) {
                UserPoolClientType machine = admin.createUserPoolClient(r -> r.userPoolId(poolId).clientName("machine")
                        .generateSecret(true).allowedOAuthFlowsUserPoolClient(true)
                        .allowedOAuthFlowsWithStrings("client_credentials").allowedOAuthScopes(SCOPE)).userPoolClient();
                String basic = "Basic " + Base64.getEncoder().encodeToString((form(machine.clientId()) + ":"
                        + form(machine.clientSecret())).getBytes(StandardCharsets.UTF_8));
                clientCredentials.add(Http1Connection.formPost(host, port, "/oauth2/token", basic,
                        "grant_type=client_credentials&scope=" + form(SCOPE)));
            }

            String appId = admin.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")
                    .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"))
                    .userPoolClient().clientId();
            admin.createGroup(r -> r.userPoolId(poolId).groupName("readers"));
            List<byte[]> refreshes = new ArrayList<>();
            List<String> usernames = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String username = "user" + i;
                usernames.add(username);
                admin.adminCreateUser(r -> r.userPoolId(poolId).username(username).messageAction("SUPPRESS")
                        .userAttributes(a -> a.name("email").value(username + "@example.com"),
                                a -> a.name("email_verified").value("true")));
                admin.adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD).permanent(true));
                admin.adminAddUserToGroup(r -> r.userPoolId(poolId).username(username).groupName("readers"));
                String refreshToken = admin.initiateAuth(r -> r.clientId(appId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(java.util.Map.of("USERNAME", username, "PASSWORD", PASSWORD)))
                        .authenticationResult().refreshToken();
                refreshes.add(Http1Connection.formPost(host, port, "/oauth2/token", null,
                        "grant_type=refresh_token&client_id=" + form(appId) + "&refresh_token=" + form(refreshToken)));
            }
            return new Prepared(poolId, new Scenario("client_credentials" + suffix, 1, clientCredentials),
                    new Scenario("refresh_token" + suffix, 2, refreshes),
                    new SignInRate.Users(baseUrl, poolId, appId, List.copyOf(usernames), PASSWORD));
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
