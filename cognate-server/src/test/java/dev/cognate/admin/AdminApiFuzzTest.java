package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.Fuzz;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @BeforeAll
    static void start() {
        server = TestServer.start(Backend.SQLITE);
        poolId = server.client().createUserPool(r -> r.poolName("fuzz")).userPool().id();
    }

    @AfterAll
    static void report() {
        long fiveHundreds = STATUSES.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(e -> e.getValue().get()).sum();
        System.out.printf("admin API fuzz: %d inputs, %d answered 5xx, by status %s%n", SENT.get(), fiveHundreds,
                new TreeMap<>(STATUSES.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))));
        server.close();
    }

    @Test
    void anySignedBodyIsAnsweredWithoutA5xxInAwsShape() {
        Fuzz.forAll(random -> new Call(random.pick(OPERATIONS), body(random)), call -> {
            RawAdminRequest.Response response = RawAdminRequest.to(server, call.operation()).body(call.body()).send();
            SENT.incrementAndGet();
            STATUSES.computeIfAbsent(response.status(), s -> new AtomicLong()).incrementAndGet();

            assertThat(response.status()).as("%s -> %s", call, response.body()).isLessThan(500);
            if (response.status() >= 400) {
                assertThat(response.errorType()).as("x-amzn-ErrorType of %s", response.body()).isNotBlank();
                assertThat(response.type()).isEqualTo(response.errorType());
                assertThat(response.body()).doesNotContain("Exception:").doesNotContain("java.");
            }
        });
    }

    private record Call(String operation, String body) {}

    private static String body(Fuzz random) {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> object(random, 3);
            // a body of the node's pool broken a little: past JSON's syntax only just, or not
            case 4 -> random.mutate("{\"UserPoolId\":" + quote(poolId) + ",\"Username\":\"ada\",\"MaxResults\":10}");
            // the node's own pool, so that bodies get past the lookup into the operations
            case 5, 6, 7 -> {
                String rest = object(random, 2);
                yield "{\"UserPoolId\":" + quote(poolId) + (rest.equals("{}") ? "}" : "," + rest.substring(1));
            }
            case 8 -> random.nextBoolean() ? "{\"MaxResults\":" + (random.nextInt(76) - 5) + "}" : random.text(40);
            default -> random.pick("", "{", "[]", "null", "{\"UserPoolId\":", "{}{}", "\"\\ud800\"",
                    "{\"MaxResults\":" + "9".repeat(5000) + "}", "[".repeat(100), "{\"a\":1e999999999}");
        };
    }

    private static String object(Fuzz random, int depth) {
        List<String> members = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            String name = random.nextInt(5) == 0 ? random.text(5) : random.pick(MEMBERS);
            members.add(quote(name) + ":" + value(random, depth));
        }
        return "{" + String.join(",", members) + "}";
    }

    private static String value(Fuzz random, int depth) {
        int kind = random.nextInt(depth == 0 ? 6 : 8);
        return switch (kind) {
            case 0, 1 -> quote(random.pick(poolId, "us-east-1_AAAAAAAAA", "eu-west-1_AAAAAAAAA", "x_y", "ada", "COGNITO",
                    "OIDC", "USER_PASSWORD_AUTH", "email", "username = \"a\"", "Passw0rd!", "ACTIVE"));
            case 2, 3 -> quote(random.text(12));
            case 4 -> random.pick("0", "-1", "1", "60", "2147483648", "1.5", "1e308", "-0", "true", "false", "null");
            case 5 -> String.valueOf(random.nextLong());
            case 6 -> {
                List<String> values = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    values.add(value(random, depth - 1));
                }
                yield "[" + String.join(",", values) + "]";
            }
            default -> object(random, depth - 1);
        };
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
