package dev.cognate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.EmbeddedPostgres;
import dev.cognate.testing.LoadTally;
import dev.cognate.testing.RoundRobin;
import dev.cognate.testing.ServeProcess;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * Two real {@code serve} processes on one PostgreSQL, behind a round-robin client, under 50
 * concurrent clients doing password sign-ins, federated sign-ins through the hosted flow,
 * refreshes and admin writes. One node is killed with SIGKILL, or the database is restarted,
 * mid-load. Afterwards every acknowledged write is there, nothing is half-written, and every
 * failure a client saw is one it can understand. Each test prints what it counted.
 */
class ClusterFaultTest {
    static final String PUBLIC_URL = "http://cognate.example.com";
    static final String CALLBACK = "https://app.example.com/callback";
    static final String PASSWORD = "Corr3ct-Horse!";
    static final int WORKERS = 50;
    static final int SIGNED_IN_USERS = 20;
    static final Duration PHASE = Duration.ofSeconds(120);
    static final String SIGN_IN = "password sign-in", REFRESH = "refresh", WRITE = "admin write", FEDERATED = "federated sign-in";
    static final List<String> KINDS = List.of(SIGN_IN, REFRESH, WRITE, FEDERATED);
    /** A request that reached a node which then died (or a pooled connection to a dead node). */
    static final String LOST = "connection lost in flight";

    final List<AutoCloseable> resources = new ArrayList<>();
    final LoadTally tally = new LoadTally();
    final Set<String> acknowledgedUsers = ConcurrentHashMap.newKeySet();
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Thread> workers = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServeProcess a;
    ServeProcess b;
    Map<URI, CognitoIdentityProviderClient> cognito;
    RoundRobin nodes;
    StubIdp idp;
    String poolId;
    String clientId;
    Map<Integer, String> refreshTokens = new ConcurrentHashMap<>();
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    Path pgData;

    @AfterEach
    void stopEverything() throws Exception {
        stopLoad();
        for (ServeProcess node : new ServeProcess[] {a, b}) {
            if (node != null && Boolean.getBoolean("fault.logs")) {
                System.out.println(node.output().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.startsWith("Caused"))
                        .limit(400).collect(java.util.stream.Collectors.joining("\n")));
            } else if (node != null) {
                printErrors(node);
            }
        }
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (pgData != null) {
            deleteRecursively(pgData);
        }
    }

    @Test
    void aNodeKilledUnderLoadLosesNoAcknowledgedWriteAndTheOtherTakesOver() throws Exception {
        startCluster(EmbeddedPostgres.newDatabase());
        startLoad();
        tally.awaitSuccesses(5, PHASE, KINDS.toArray(String[]::new));

        a.kill();
        long failuresAtKill = tally.totalFailures();
        tally.awaitSuccesses(20, PHASE, KINDS.toArray(String[]::new));
        stopLoad();

        System.out.printf("[ClusterFaultTest] kill -9 of one of two nodes under %d clients: %s; "
                        + "acknowledged user creations %d%n", WORKERS, tally, acknowledgedUsers.size());
        assertThat(tally.failures().keySet()).as("what clients saw fail: requests in flight on the killed node, "
                        + "a callback the killed node had completed before it died, or the survivor's answer when overloaded")
                .allMatch(reason -> reason.contains(LOST) || reason.contains("This sign-in was already completed")
                        || isOverloadAnswer(reason));
        long lost = tally.failures().entrySet().stream().filter(e -> e.getKey().contains(LOST)).mapToLong(Map.Entry::getValue).sum();
        assertThat(lost).as("requests lost with the killed node (%d by the time it was gone): at most one in flight "
                + "and one on a kept-alive connection per client", failuresAtKill).isLessThanOrEqualTo(2L * WORKERS);
        assertThat(tally.totalFailures() - lost).as("other failures, of %d requests", tally.total()).isLessThan(tally.total() / 20);
        assertEverythingAcknowledgedIsWholeOn(b);
    }

    @Test
    void thePoolReconnectsWhenPostgresqlRestartsUnderLoad() throws Exception {
        pgData = Files.createTempDirectory("cognate-pg-restart-");
        int pgPort = freePort();
        postgres = startPostgres(pgData, pgPort);
        String dbUrl = postgres.getJdbcUrl("postgres", "postgres");
        startCluster(dbUrl);
        startLoad();
        tally.awaitSuccesses(5, PHASE, KINDS.toArray(String[]::new));

        postgres.close();
        postgres = null;
        LoadTally.awaitUntil(() -> ready(a) == 503 && ready(b) == 503, PHASE, () -> "/ready to answer 503 on both nodes");
        long failuresWhileDown = tally.totalFailures();
        postgres = startPostgres(pgData, pgPort);
        LoadTally.awaitUntil(() -> ready(a) == 200 && ready(b) == 200, PHASE, () -> "/ready to answer 200 again");
        tally.awaitSuccesses(20, PHASE, KINDS.toArray(String[]::new));
        stopLoad();

        System.out.printf("[ClusterFaultTest] PostgreSQL restarted under %d clients: %s (failures by the time it came back: %d); "
                + "acknowledged user creations %d%n", WORKERS, tally, failuresWhileDown, acknowledgedUsers.size());
        assertThat(tally.failures().keySet()).as("while the database was down, clients saw the server's error, in each protocol's shape")
                .allMatch(ClusterFaultTest::isOverloadAnswer);
        assertEverythingAcknowledgedIsWholeOn(a);
    }

    /** What a node answers when its store is away or no connection frees up in time, in each protocol's shape. */
    static boolean isOverloadAnswer(String reason) {
        return reason.contains("InternalErrorException (500)") || reason.contains("server_error (500)")
                || reason.endsWith("callback with error=server_error")
                || reason.contains("error page (503)");
    }

    /** A node's ERROR lines with their stack traces: none when all is well (a store that is away is a WARN). */
    static void printErrors(ServeProcess node) {
        List<String> lines = node.output().lines().toList();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < lines.size() && shown.size() < 120; i++) {
            if (lines.get(i).contains(" ERROR ")) {
                shown.add(lines.get(i));
                for (int j = i + 1; j < lines.size() && j <= i + 12 && !lines.get(j).matches("^\\d{4}-.*"); j++) {
                    shown.add(lines.get(j));
                }
            }
        }
        if (!shown.isEmpty()) {
            System.out.println("[ClusterFaultTest] a node logged errors:\n" + String.join("\n", shown));
        }
    }

    // --- the cluster and its load

    void startCluster(String dbUrl) throws IOException {
        a = ServeProcess.start(Files.createTempDirectory("node-a"), dbUrl, Map.of(), "--public-url", PUBLIC_URL);
        resources.add(a);
        b = ServeProcess.start(Files.createTempDirectory("node-b"), dbUrl, Map.of(), "--public-url", PUBLIC_URL);
        resources.add(b);
        cognito = Map.of(a.endpoint(), a.client(), b.endpoint(), b.client());
        cognito.values().forEach(resources::add);
        nodes = new RoundRobin(List.of(a.endpoint(), b.endpoint()));
        idp = StubIdp.start("/tenant/v2.0");
        resources.add(idp);
        AtomicInteger upstreamUsers = new AtomicInteger();
        idp.idToken(auth -> {
            String who = "fed-" + upstreamUsers.incrementAndGet();
            return idp.sign(idp.claims(auth).subject(who).claim("oid", UUID.nameUUIDFromBytes(who.getBytes()).toString()).build());
        });

        CognitoIdentityProviderClient admin = cognito.get(a.endpoint());
        poolId = admin.createUserPool(r -> r.poolName("cluster-faults")).userPool().id();
        admin.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(Map.of("client_id", "idp-client",
                        "client_secret", "idp-secret", "authorize_scopes", "openid email",
                        "attributes_request_method", "GET", "oidc_issuer", idp.issuer())));
        clientId = admin.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                .allowedOAuthScopes("openid", "email").callbackURLs(CALLBACK)
                .supportedIdentityProviders("COGNITO", "entra")).userPoolClient().clientId();
        for (int i = 0; i < SIGNED_IN_USERS; i++) {
            String username = "member-" + i;
            admin.adminCreateUser(r -> r.userPoolId(poolId).username(username).messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
            admin.adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD).permanent(true));
            acknowledgedUsers.add(username);
        }
    }

    void startLoad() {
        for (int i = 0; i < WORKERS; i++) {
            int worker = i;
            String kind = KINDS.get(worker % KINDS.size());
            Thread thread = Thread.ofPlatform().name("load-" + worker).daemon().start(() -> {
                for (int round = 0; !stop.get(); round++) {
                    try {
                        switch (kind) {
                            case SIGN_IN -> passwordSignIn(worker);
                            case REFRESH -> refresh(worker);
                            case WRITE -> createUser("written-" + worker + "-" + round);
                            default -> federatedSignIn();
                        }
                        tally.success(kind);
                    } catch (AwsServiceException e) {
                        tally.failure(kind, e.awsErrorDetails().errorCode() != null
                                ? e.awsErrorDetails().errorCode() + " (" + e.statusCode() + ")" : unshaped(e));
                    } catch (SdkClientException | UncheckedIOException e) {
                        tally.failure(kind, LOST + (Boolean.getBoolean("fault.logs") ? " (" + e.getMessage() + ")" : ""));
                    } catch (UnexpectedAnswer e) {
                        tally.failure(kind, e.getMessage());
                    }
                }
            });
            workers.add(thread);
        }
    }

    /** An answer without an AWS error type, with the start of its body: which layer gave it tells why. */
    static String unshaped(AwsServiceException e) {
        var raw = e.awsErrorDetails().rawResponse();
        String body = raw == null ? "" : raw.asUtf8String().replaceAll("\\s+", " ");
        return "no error type (" + e.statusCode() + "): " + body.substring(0, Math.min(body.length(), 120));
    }

    void stopLoad() throws InterruptedException {
        stop.set(true);
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(60));
            assertThat(worker.isAlive()).as("%s stuck in a request", worker.getName()).isFalse();
        }
        workers.clear();
    }

    String passwordSignIn(int worker) {
        String username = "member-" + worker % SIGNED_IN_USERS;
        return nodes.call(node -> cognito.get(node).adminInitiateAuth(r -> r.userPoolId(poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD)))
                .authenticationResult().refreshToken());
    }

    void refresh(int worker) {
        String refreshToken = refreshTokens.computeIfAbsent(worker, this::passwordSignIn);
        String accessToken = nodes.call(node -> cognito.get(node).adminInitiateAuth(r -> r.userPoolId(poolId).clientId(clientId)
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", refreshToken)))
                .authenticationResult().accessToken());
        assertThat(accessToken).isNotBlank();
    }

    void createUser(String username) {
        nodes.call(node -> cognito.get(node).adminCreateUser(r -> r.userPoolId(poolId).username(username)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build())));
        acknowledgedUsers.add(username);
    }

    /** authorize -> the IdP -> idpresponse -> the app's callback -> the token endpoint, each step on the next node. */
    void federatedSignIn() {
        TestBrowser browser = new TestBrowser(a.endpoint());
        Page toIdp = step(browser, "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + TestBrowser.enc(CALLBACK) + "&identity_provider=entra&scope=openid");
        expectRedirect(toIdp, idp.base(), "authorize");
        Page idpAnswer = browser.get(toIdp.location());
        expectRedirect(idpAnswer, PUBLIC_URL + "/oauth2/idpresponse", "IdP");
        Page done = step(browser, idpAnswer.location());
        expectRedirect(done, CALLBACK + "?", "idpresponse");
        Map<String, String> callback = done.locationParameters();
        if (callback.containsKey("error")) {
            throw new UnexpectedAnswer("callback with error=" + callback.get("error"));
        }
        String code = callback.get("code");
        HttpResponse<String> tokens = nodes.call(node -> send(HttpRequest.newBuilder(node.resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + clientId
                        + "&code=" + code + "&redirect_uri=" + TestBrowser.enc(CALLBACK))).build()));
        if (tokens.statusCode() != 200) {
            String error = tokens.body().replaceAll(".*\"error\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            throw new UnexpectedAnswer(error + " (" + tokens.statusCode() + ")"
                    + (Boolean.getBoolean("fault.logs") ? " " + tokens.body() : ""));
        }
    }

    /** A hosted-flow request (a path, or a URL on the public URL) sent to the next node. */
    Page step(TestBrowser browser, String pathOrPublicUrl) {
        URI target = URI.create(pathOrPublicUrl);
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        return nodes.call(node -> browser.get(node.resolve(path).toString()));
    }

    static void expectRedirect(Page page, String prefix, String where) {
        if (!page.redirectsTo(prefix)) {
            throw new UnexpectedAnswer(page.status() >= 400 ? "error page (" + page.status() + ")" + title(page)
                    : "unexpected " + page.status() + " at " + where);
        }
    }

    /**
     * The error page's title: always, since the assertion tells a callback the killed node had
     * completed ("This sign-in was already completed", when the client's retry reached the
     * survivor) from a real failure by it.
     */
    static String title(Page page) {
        var m = java.util.regex.Pattern.compile("<h1[^>]*>([^<]*)</h1>").matcher(page.body());
        return m.find() ? " " + m.group(1) : "";
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int ready(ServeProcess node) {
        try {
            return send(HttpRequest.newBuilder(node.endpoint().resolve("/ready")).timeout(Duration.ofSeconds(30)).build())
                    .statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    /** Every acknowledged user is there with its attributes; every federated user has its identity link. */
    void assertEverythingAcknowledgedIsWholeOn(ServeProcess node) {
        CognitoIdentityProviderClient admin = cognito.get(node.endpoint());
        Map<String, UserType> found = new HashMap<>();
        admin.listUsersPaginator(r -> r.userPoolId(poolId).limit(60)).users().forEach(u -> found.put(u.username(), u));
        assertThat(found.keySet()).containsAll(acknowledgedUsers);
        long federated = 0;
        for (UserType user : found.values()) {
            Map<String, String> attributes = new HashMap<>();
            user.attributes().forEach(attribute -> attributes.put(attribute.name(), attribute.value()));
            assertThat(attributes).as("user %s", user.username()).containsKey("sub");
            if (user.username().startsWith("entra_")) {
                federated++;
                assertThat(attributes.get("identities")).as("identity link of %s", user.username()).contains("\"providerName\":\"entra\"");
            } else {
                assertThat(attributes).as("user %s", user.username()).containsEntry("email", user.username() + "@example.com");
            }
        }
        System.out.printf("[ClusterFaultTest] found afterwards: %d users (%d acknowledged admin-created, %d federated)%n",
                found.size(), acknowledgedUsers.size(), federated);
    }

    static io.zonky.test.db.postgres.embedded.EmbeddedPostgres startPostgres(Path dataDir, int port) {
        try {
            return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    // the embedded server's default is off, which lets a stop lose acknowledged commits; production's is on
                    .setServerConfig("synchronous_commit", "on").start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** An answer a working node would not give. */
    static final class UnexpectedAnswer extends RuntimeException {
        UnexpectedAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
