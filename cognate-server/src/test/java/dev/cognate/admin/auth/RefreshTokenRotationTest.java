package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeatureType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * GetTokensFromRefreshToken with the client's RefreshTokenRotation: a rotating refresh is one
 * store write (the old token retired, the new one saved, together), a plain refresh writes
 * nothing, and single use and revocation hold on every node (the store decides, atomically).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class RefreshTokenRotationTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String alice;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        alice = pool.confirmedUser(uniqueName("alice"));
    }

    private String rotatingClient(int graceSeconds) {
        return pool.client(r -> r.refreshTokenRotation(t -> t.feature(FeatureType.ENABLED)
                .retryGracePeriodSeconds(graceSeconds))).clientId();
    }

    private AuthenticationResultType refresh(String clientId, String refreshToken) {
        return pool.cognito.getTokensFromRefreshToken(r -> r.clientId(clientId).refreshToken(refreshToken))
                .authenticationResult();
    }

    /** token_hash, expires_at and revoked_at of every refresh token of the client. */
    private List<String> rows(String clientId) {
        return pool.server.server().database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT token_hash || ' ' || expires_at || ' ' || COALESCE(CAST(revoked_at AS VARCHAR(20)), '-') "
                                + "FROM refresh_tokens WHERE client_id = :client ORDER BY token_hash")
                .bind("client", clientId).mapTo(String.class).list());
    }

    @Test
    void refreshWithoutRotationWritesNothing() {
        String clientId = pool.publicClient();
        String token = pool.tokens(clientId, alice).refreshToken();
        List<String> before = rows(clientId);
        AuthenticationResultType refreshed = refresh(clientId, token);
        assertThat(refreshed.refreshToken()).isNull();
        pool.refresh(clientId, token);
        assertThat(rows(clientId)).isEqualTo(before);
    }

    @Test
    void rotatedRefreshTokenIsSingleUse() {
        String clientId = rotatingClient(0);
        String first = pool.tokens(clientId, alice).refreshToken();
        AuthenticationResultType rotated = refresh(clientId, first);
        assertThat(rotated.refreshToken()).isNotBlank().isNotEqualTo(first);
        assertThat(rotated.accessToken()).isNotBlank();
        assertThat(rows(clientId)).hasSize(2);

        assertThatThrownBy(() -> refresh(clientId, first))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid Refresh Token");
        assertThatThrownBy(() -> pool.refresh(clientId, first))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid Refresh Token");
        assertThat(refresh(clientId, rotated.refreshToken()).refreshToken()).isNotBlank();
    }

    @Test
    void concurrentReplayOfOneRotatedTokenHasOneWinner() throws Exception {
        String clientId = rotatingClient(0);
        String token = pool.tokens(clientId, alice).refreshToken();
        int attempts = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(attempts)) {
            Callable<String> attempt = () -> {
                start.await();
                try {
                    return refresh(clientId, token).refreshToken();
                } catch (NotAuthorizedException refused) {
                    return null;
                }
            };
            for (int i = 0; i < attempts; i++) {
                outcomes.add(threads.submit(attempt));
            }
            start.countDown();
            List<String> issued = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                String next = outcome.get();
                if (next != null) {
                    issued.add(next);
                }
            }
            assertThat(issued).hasSize(1);
        }
    }

    @Test
    void oldTokenWorksForRetriesWithinTheGracePeriodOnly() {
        String clientId = rotatingClient(60);
        String first = pool.tokens(clientId, alice).refreshToken();
        String second = refresh(clientId, first).refreshToken();
        assertThat(refresh(clientId, first).refreshToken()).isNotBlank().isNotEqualTo(second);
        assertThat(refresh(clientId, second).refreshToken()).isNotBlank();
    }

    @Test
    void revokingARotatedTokenRevokesTheWholeSignInAtOnce() {
        String clientId = rotatingClient(60);
        AuthenticationResultType signIn = pool.tokens(clientId, alice);
        String second = refresh(clientId, signIn.refreshToken()).refreshToken();

        pool.cognito.revokeToken(r -> r.clientId(clientId).token(second));

        for (String token : List.of(signIn.refreshToken(), second)) {
            assertThatThrownBy(() -> refresh(clientId, token))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid Refresh Token");
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
