package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeatureType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * The client's RefreshTokenRotation, as Cognito has it: GetTokensFromRefreshToken and the token
 * endpoint both rotate (one store write: the old token retired, the new one saved, together),
 * REFRESH_TOKEN_AUTH is refused for a rotating client, a plain refresh writes nothing, the new
 * token lives no longer than the old one would have, and single use and revocation hold on
 * every node (the store decides, atomically). The node's clock moves only when the test moves
 * it, so the grace period ends exactly.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class RefreshTokenRotationTest {
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);
    private static final Map<Backend, MovableClock> CLOCKS = new EnumMap<>(Backend.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    Backend backend;

    MovableClock clock;
    SignInPool pool;
    String alice;

    @BeforeEach
    void createPool() {
        synchronized (SERVERS) {
            // the real time (SigV4 wants the node's clock near the caller's); tests move it by seconds
            clock = CLOCKS.computeIfAbsent(backend, b -> new MovableClock(Instant.now()));
            SERVERS.computeIfAbsent(backend, b -> TestServer.startWith(b, clock));
        }
        pool = SignInPool.on(SERVERS.get(backend), r -> { });
        alice = pool.confirmedUser(uniqueName("alice"));
    }

    @AfterAll
    static void stopServers() {
        synchronized (SERVERS) {
            SERVERS.values().forEach(TestServer::close);
            SERVERS.clear();
            CLOCKS.clear();
        }
    }

    private String rotatingClient(int graceSeconds) {
        return pool.client(r -> r.refreshTokenRotation(t -> t.feature(FeatureType.ENABLED)
                .retryGracePeriodSeconds(graceSeconds))).clientId();
    }

    private AuthenticationResultType refresh(String clientId, String refreshToken) {
        return pool.cognito.getTokensFromRefreshToken(r -> r.clientId(clientId).refreshToken(refreshToken))
                .authenticationResult();
    }

    /** {@code POST /oauth2/token} with {@code grant_type=refresh_token} on a given node: the status and the JSON. */
    private static Map.Entry<Integer, JsonNode> tokenEndpoint(URI node, String clientId, String refreshToken)
            throws Exception {
        String body = Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken)
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.resolve("/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return Map.entry(response.statusCode(), JSON.readTree(response.body()));
        }
    }

    private Map.Entry<Integer, JsonNode> tokenEndpoint(String clientId, String refreshToken) throws Exception {
        return tokenEndpoint(pool.server.endpoint(), clientId, refreshToken);
    }

    private void assertRefused(String clientId, String token) throws Exception {
        assertThatThrownBy(() -> refresh(clientId, token))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid Refresh Token");
        Map.Entry<Integer, JsonNode> viaEndpoint = tokenEndpoint(clientId, token);
        assertThat(viaEndpoint.getKey()).isEqualTo(400);
        assertThat(viaEndpoint.getValue().path("error").asText()).isEqualTo("invalid_grant");
    }

    /** token_hash, expires_at and revoked_at of every refresh token of the client. */
    private List<String> rows(String clientId) {
        return pool.server.server().database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT token_hash || ' ' || expires_at || ' ' || COALESCE(CAST(revoked_at AS VARCHAR(20)), '-') "
                                + "FROM refresh_tokens WHERE client_id = :client ORDER BY token_hash")
                .bind("client", clientId).mapTo(String.class).list());
    }

    private List<Long> expiries(String clientId) {
        return pool.server.server().database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT expires_at FROM refresh_tokens WHERE client_id = :client ORDER BY created_at")
                .bind("client", clientId).mapTo(Long.class).list());
    }

    @Test
    void refreshWithoutRotationWritesNothing() throws Exception {
        String clientId = pool.publicClient();
        String token = pool.tokens(clientId, alice).refreshToken();
        List<String> before = rows(clientId);
        AuthenticationResultType refreshed = refresh(clientId, token);
        assertThat(refreshed.refreshToken()).isNull();
        pool.refresh(clientId, token);
        Map.Entry<Integer, JsonNode> viaEndpoint = tokenEndpoint(clientId, token);
        assertThat(viaEndpoint.getKey()).isEqualTo(200);
        assertThat(viaEndpoint.getValue().has("refresh_token")).as(viaEndpoint.getValue().toString()).isFalse();
        assertThat(rows(clientId)).isEqualTo(before);
    }

    @Test
    void rotatedRefreshTokenIsSingleUse() throws Exception {
        String clientId = rotatingClient(0);
        String first = pool.tokens(clientId, alice).refreshToken();
        AuthenticationResultType rotated = refresh(clientId, first);
        assertThat(rotated.refreshToken()).isNotBlank().isNotEqualTo(first);
        assertThat(rotated.accessToken()).isNotBlank();
        assertThat(rows(clientId)).hasSize(2);

        assertRefused(clientId, first);
        assertThat(refresh(clientId, rotated.refreshToken()).refreshToken()).isNotBlank();
    }

    @Test
    void tokenEndpointRotatesAsGetTokensFromRefreshTokenDoes() throws Exception {
        String clientId = rotatingClient(0);
        String first = pool.tokens(clientId, alice).refreshToken();

        Map.Entry<Integer, JsonNode> rotated = tokenEndpoint(clientId, first);

        assertThat(rotated.getKey()).as(rotated.getValue().toString()).isEqualTo(200);
        String second = rotated.getValue().path("refresh_token").asText();
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(rotated.getValue().path("access_token").asText()).isNotBlank();
        assertRefused(clientId, first);
        assertThat(refresh(clientId, second).refreshToken()).isNotBlank();
    }

    @Test
    void refreshTokenAuthCannotBypassRotation() {
        String clientId = rotatingClient(0);
        String token = pool.tokens(clientId, alice).refreshToken();

        assertThatThrownBy(() -> pool.refresh(clientId, token))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("GetTokensFromRefreshToken");
        assertThatThrownBy(() -> pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(clientId)
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", token))))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("GetTokensFromRefreshToken");
        // refused before the store is asked: the token is still the sign-in's one and only
        assertThat(rows(clientId)).hasSize(1);
        assertThat(refresh(clientId, token).refreshToken()).isNotBlank();
    }

    @Test
    void rotatedRefreshTokenReplayIsRefused() throws Exception {
        String clientId = rotatingClient(10);
        String first = pool.tokens(clientId, alice).refreshToken();
        String second = refresh(clientId, first).refreshToken();

        clock.advance(Duration.ofSeconds(9));
        String retried = refresh(clientId, first).refreshToken();
        assertThat(retried).as("a retry within the grace period").isNotBlank().isNotEqualTo(second);

        clock.advance(Duration.ofSeconds(2));
        assertRefused(clientId, first);
        assertThat(refresh(clientId, second).refreshToken()).isNotBlank();
        assertThat(tokenEndpoint(clientId, retried).getKey()).isEqualTo(200);
    }

    @Test
    void rotationNeverExtendsTheSignIn() {
        String clientId = rotatingClient(0);
        String first = pool.tokens(clientId, alice).refreshToken();
        clock.advance(Duration.ofSeconds(5));
        String second = refresh(clientId, first).refreshToken();
        clock.advance(Duration.ofSeconds(5));
        refresh(clientId, second);

        List<Long> expiries = expiries(clientId);
        assertThat(expiries).hasSize(3);
        assertThat(expiries).containsOnly(expiries.getFirst());
    }

    @Test
    void concurrentReplayOfOneRotatedTokenHasOneWinner() throws Exception {
        String clientId = rotatingClient(0);
        String token = pool.tokens(clientId, alice).refreshToken();
        List<Optional<String>> outcomes = race(
                () -> refresh(clientId, token).refreshToken(),
                () -> winner(tokenEndpoint(clientId, token)),
                () -> refresh(clientId, token).refreshToken(),
                () -> winner(tokenEndpoint(clientId, token)));
        assertThat(outcomes.stream().filter(Optional::isPresent)).hasSize(1);
        assertThat(rows(clientId)).hasSize(2);
    }

    @Test
    void concurrentUseOnTwoNodesHasOneWinner() throws Exception {
        assumeTrue(backend == Backend.POSTGRESQL, "several nodes share PostgreSQL only");
        String clientId = rotatingClient(0);
        String token = pool.tokens(clientId, alice).refreshToken();
        TestServer nodeA = pool.server;
        try (TestServer nodeB = TestServer.start(Backend.POSTGRESQL, Files.createTempDirectory("cognate-node-b-"),
                nodeA.dbUrl())) {
            List<Optional<String>> outcomes = race(
                    () -> winner(tokenEndpoint(nodeA.endpoint(), clientId, token)),
                    () -> winner(tokenEndpoint(nodeB.endpoint(), clientId, token)));
            assertThat(outcomes.stream().filter(Optional::isPresent)).hasSize(1);
            String next = outcomes.stream().flatMap(Optional::stream).findFirst().orElseThrow();
            assertThat(tokenEndpoint(nodeB.endpoint(), clientId, token).getKey()).isEqualTo(400);
            assertThat(tokenEndpoint(nodeA.endpoint(), clientId, token).getKey()).isEqualTo(400);
            assertThat(tokenEndpoint(nodeB.endpoint(), clientId, next).getKey()).isEqualTo(200);
        }
    }

    /** The new refresh token of a 200, null for a refusal (anything else fails the test). */
    private static String winner(Map.Entry<Integer, JsonNode> response) {
        if (response.getKey() == 400 && "invalid_grant".equals(response.getValue().path("error").asText())) {
            return null;
        }
        assertThat(response.getKey()).as(response.getValue().toString()).isEqualTo(200);
        return response.getValue().path("refresh_token").asText();
    }

    /** Runs the attempts at once; each gives the new refresh token, or empty when refused. */
    @SafeVarargs
    private static List<Optional<String>> race(Callable<String>... attempts) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(attempts.length)) {
            for (Callable<String> attempt : attempts) {
                futures.add(threads.submit(() -> {
                    start.await();
                    try {
                        return attempt.call();
                    } catch (NotAuthorizedException refused) {
                        return null;
                    }
                }));
            }
            start.countDown();
            List<Optional<String>> outcomes = new ArrayList<>();
            for (Future<String> future : futures) {
                outcomes.add(Optional.ofNullable(future.get()));
            }
            return outcomes;
        }
    }

    @Test
    void revokingARotatedTokenRevokesTheWholeSignInAtOnce() throws Exception {
        String clientId = rotatingClient(60);
        AuthenticationResultType signIn = pool.tokens(clientId, alice);
        String second = refresh(clientId, signIn.refreshToken()).refreshToken();

        pool.cognito.revokeToken(r -> r.clientId(clientId).token(second));

        for (String token : List.of(signIn.refreshToken(), second)) {
            assertRefused(clientId, token);
        }
        assertThatThrownBy(() -> pool.cognito.getUser(r -> r.accessToken(signIn.accessToken())))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void rotatedTokenOfADisabledUserIsRefused() {
        String clientId = rotatingClient(0);
        String token = pool.tokens(clientId, alice).refreshToken();
        pool.cognito.adminDisableUser(r -> r.userPoolId(pool.poolId).username(alice));
        assertThatThrownBy(() -> refresh(clientId, token)).isInstanceOf(NotAuthorizedException.class);
        assertThat(rows(clientId)).hasSize(1);
    }
}
