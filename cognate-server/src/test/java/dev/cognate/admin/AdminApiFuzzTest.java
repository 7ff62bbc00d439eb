package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The admin API's JSON parser and dispatcher under arbitrary bodies, signed with the admin key
 * so that they reach every operation: never a 5xx, always AWS's error shape. Runs against a
 * node of its own (the bodies create and delete things); prints how many inputs it sent and
 * how the node answered.
 */
class AdminApiFuzzTest {
    private static final List<String> OPERATIONS = List.of("AdminAddUserToGroup", "AdminCreateUser", "AdminDeleteUser",
            "AdminDeleteUserAttributes", "AdminDisableProviderForUser", "AdminDisableUser", "AdminEnableUser",
            "AdminGetUser", "AdminInitiateAuth", "AdminLinkProviderForUser", "AdminListGroupsForUser",
            "AdminRemoveUserFromGroup", "AdminRespondToAuthChallenge", "AdminSetUserPassword",
            "AdminUpdateUserAttributes", "AdminUserGlobalSignOut", "CreateGroup", "CreateIdentityProvider",
            "CreateResourceServer", "CreateUserPool", "CreateUserPoolClient", "CreateUserPoolDomain", "DeleteGroup",
            "DeleteIdentityProvider", "DeleteResourceServer", "DeleteUserPool", "DeleteUserPoolClient",
            "DeleteUserPoolDomain", "DescribeIdentityProvider", "DescribeResourceServer", "DescribeUserPool",
            "DescribeUserPoolClient", "DescribeUserPoolDomain", "GetGroup", "GetIdentityProviderByIdentifier", "GetUser",
            "GlobalSignOut", "InitiateAuth", "ListGroups", "ListIdentityProviders", "ListResourceServers",
            "ListUserPoolClients", "ListUserPools", "ListUsers", "ListUsersInGroup", "RespondToAuthChallenge",
            "RevokeToken", "UpdateGroup", "UpdateIdentityProvider", "UpdateResourceServer", "UpdateUserPool",
            "UpdateUserPoolClient", "UpdateUserPoolDomain", "NoSuchOperation");
    private static final List<String> MEMBERS = List.of("UserPoolId", "Username", "PoolName", "MaxResults", "Limit",
            "NextToken", "PaginationToken", "Filter", "ClientId", "ClientName", "GroupName", "Precedence",
            "ProviderName", "ProviderType", "ProviderDetails", "AttributeMapping", "UserAttributes", "AttributesToGet",
            "Policies", "PasswordPolicy", "MinimumLength", "Schema", "Name", "AttributeDataType", "AuthFlow",
            "AuthParameters", "ChallengeName", "ChallengeResponses", "Session", "Domain", "Identifier", "Scopes",
            "CallbackURLs", "AllowedOAuthFlows", "TemporaryPassword", "Password", "Permanent", "AccessToken", "Token",
            "RefreshTokenValidity", "TokenValidityUnits", "DeletionProtection", "UsernameAttributes", "LambdaConfig",
            "SourceUser", "DestinationUser", "ProviderAttributeValue", "IdpIdentifiers", "GenerateSecret");

    private static final AtomicLong SENT = new AtomicLong();
    private static final Map<Integer, AtomicLong> STATUSES = new ConcurrentHashMap<>();
    private static TestServer server;
    private static String poolId;

    @BeforeContainer
    static void start() {
        server = TestServer.start(Backend.SQLITE);
        poolId = server.client().createUserPool(r -> r.poolName("fuzz")).userPool().id();
    }

    @AfterContainer
    static void report() {
        long fiveHundreds = STATUSES.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(e -> e.getValue().get()).sum();
        System.out.printf("admin API fuzz: %d inputs, %d answered 5xx, by status %s%n", SENT.get(), fiveHundreds,
                new TreeMap<>(STATUSES.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))));
        server.close();
    }

    @Property
    void anySignedBodyIsAnsweredWithoutA5xxInAwsShape(@ForAll("operations") String operation, @ForAll("bodies") String body) {
        RawAdminRequest.Response response = RawAdminRequest.to(server, operation).body(body).send();
        SENT.incrementAndGet();
        STATUSES.computeIfAbsent(response.status(), s -> new AtomicLong()).incrementAndGet();

        assertThat(response.status()).as("%s %s -> %s", operation, body, response.body()).isLessThan(500);
        if (response.status() >= 400) {
            assertThat(response.errorType()).as("x-amzn-ErrorType of %s", response.body()).isNotBlank();
            assertThat(response.type()).isEqualTo(response.errorType());
            assertThat(response.body()).doesNotContain("Exception:").doesNotContain("java.");
        }
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(OPERATIONS);
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, object(3)),
                // the node's own pool, so that bodies get past the lookup into the operations
                net.jqwik.api.Tuple.of(4, object(2).map(o -> "{\"UserPoolId\":" + quote(poolId)
                        + (o.equals("{}") ? "}" : "," + o.substring(1)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-5, 70).map(n -> "{\"MaxResults\":" + n + "}")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "{", "[]", "null", "{\"UserPoolId\":", "{}{}", "\"\\ud800\"",
                        "{\"MaxResults\":" + "9".repeat(5000) + "}", "[".repeat(100), "{\"a\":1e999999999}")));
    }

    private Arbitrary<String> object(int depth) {
        Arbitrary<String> member = Combinators.combine(Arbitraries.oneOf(Arbitraries.of(MEMBERS),
                        Arbitraries.strings().ofMaxLength(5)), value(depth))
                .as((name, value) -> quote(name) + ":" + value);
        return member.list().ofMaxSize(5).map(members -> "{" + String.join(",", members) + "}");
    }

    private Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of(poolId, "us-east-1_AAAAAAAAA", "eu-west-1_AAAAAAAAA", "x_y", "ada", "COGNITO", "OIDC",
                        "USER_PASSWORD_AUTH", "email", "username = \"a\"", "Passw0rd!", "ACTIVE").map(AdminApiFuzzTest::quote),
                Arbitraries.strings().ofMaxLength(12).map(AdminApiFuzzTest::quote),
                Arbitraries.of("0", "-1", "1", "60", "2147483648", "1.5", "1e308", "-0", "true", "false", "null"),
                Arbitraries.longs().map(String::valueOf));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(3)
                .map(values -> "[" + String.join(",", values) + "]");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> object(depth - 1))));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
