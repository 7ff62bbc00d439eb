package dev.cognate.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * The native-user load: a pool that verifies e-mail addresses automatically (each sign-up
 * mails a code: to the outbox, as no SMTP server is set) and a public client. SignUp sends a
 * new user each time; ForgotPassword then asks reset codes for the users the sign-ups made, once
 * their addresses are marked verified through the admin API. A user gets at most five codes an
 * hour, so ForgotPassword walks all of them in turn: it can ask five times as many codes as there
 * are users before the limit answers (counted as errors).
 */
final class NativeUserFixture {
    static final String PASSWORD = "Bench-Passw0rd!long";
    /** Per driver run, so the names of two runs against one server never meet. */
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    private final CognitoIdentityProviderClient admin;
    private final String host;
    private final int port;
    final String poolId;
    final String clientId;

    private NativeUserFixture(CognitoIdentityProviderClient admin, String host, int port, String poolId, String clientId) {
        this.admin = admin;
        this.host = host;
        this.port = port;
        this.poolId = poolId;
        this.clientId = clientId;
    }

    static NativeUserFixture prepare(String baseUrl, String host, int port) {
        CognitoIdentityProviderClient admin = CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create(baseUrl))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ServerProcess.ACCESS_KEY_ID, ServerProcess.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        String poolId = admin.createUserPool(r -> r.poolName("bench-native")
                .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)).userPool().id();
        String clientId = admin.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")
                .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"))
                .userPoolClient().clientId();
        return new NativeUserFixture(admin, host, port, poolId, clientId);
    }

    /** SignUp of a new user each time (1 password hash), with an e-mail address to mail the code to. */
    Scenario signUp() {
        return new Scenario("SignUp", 0, 1, signUpRequests(host, port, clientId, new AtomicLong()));
    }

    static Scenario.Requests signUpRequests(String host, int port, String clientId, AtomicLong sequence) {
        return connection -> {
            String name = "su-" + RUN + "-" + sequence.incrementAndGet();
            return Http1Connection.apiCall(host, port, "SignUp", "{\"ClientId\":\"" + clientId + "\",\"Username\":\""
                    + name + "\",\"Password\":\"" + PASSWORD + "\",\"UserAttributes\":[{\"Name\":\"email\",\"Value\":\""
                    + name + "@example.com\"}]}");
        };
    }

    /**
     * ForgotPassword for the users the sign-ups made, in turn, after marking their addresses
     * verified (several at a time: this is setup, not load).
     */
    /**
     * ForgotPassword's load: its scenario, the codes its users can still be sent this hour
     * ({@code budget}: five per user), and how many requests it has made so far.
     */
    record ForgotPasswordLoad(Scenario scenario, long budget, AtomicLong sent) {
        long left() {
            return budget - sent.get();
        }
    }

    ForgotPasswordLoad forgotPassword(int parallel) throws Exception {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListUsersResponse listed = admin.listUsers(r -> r.userPoolId(poolId).limit(60).paginationToken(page));
            listed.users().stream().map(UserType::username).forEach(names::add);
            token = listed.paginationToken();
        } while (token != null);
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> marked = new ArrayList<>();
            for (String name : names) {
                marked.add(pool.submit(() -> admin.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username(name)
                        .userAttributes(a -> a.name("email_verified").value("true")))));
            }
            for (Future<?> f : marked) {
                f.get();
            }
        }
        System.out.printf("  ForgotPassword: %,d users signed up, at most %,d codes before the hourly limit%n",
                names.size(), names.size() * 5L);
        AtomicLong sent = new AtomicLong();
        return new ForgotPasswordLoad(new Scenario("ForgotPassword", 0, 0,
                forgotPasswordRequests(host, port, clientId, names, sent)), names.size() * 5L, sent);
    }

    static Scenario.Requests forgotPasswordRequests(String host, int port, String clientId, List<String> names,
                                                    AtomicLong sequence) {
        List<byte[]> requests = names.stream().map(name -> Http1Connection.apiCall(host, port, "ForgotPassword",
                "{\"ClientId\":\"" + clientId + "\",\"Username\":\"" + name + "\"}")).toList();
        return connection -> requests.get((int) (sequence.getAndIncrement() % requests.size()));
    }
}
