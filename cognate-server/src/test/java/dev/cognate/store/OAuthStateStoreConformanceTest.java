package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.BrowserSession;
import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.RefreshGrant;
import dev.cognate.store.AuthorizationCodeStore.Redemption;
import dev.cognate.store.jdbc.JdbcAuthorizationCodeStore;
import dev.cognate.store.jdbc.JdbcBrowserSessionStore;
import dev.cognate.store.jdbc.JdbcRefreshTokenStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class OAuthStateStoreConformanceTest {
    static final String POOL = "us-east-1_OAUTHSTAT";

    @Parameter
    Backend backend;

    Database database;
    AuthorizationCodeStore codes;
    RefreshTokenStore refreshTokens;
    BrowserSessionStore sessions;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        new JdbcUserPoolStore(database.jdbi()).insert(UserPoolStoreConformanceTest.pool(POOL, "oauth"));
        codes = new JdbcAuthorizationCodeStore(database.jdbi());
        refreshTokens = new JdbcRefreshTokenStore(database.jdbi());
        sessions = new JdbcBrowserSessionStore(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
    }

    AuthorizationCode code(Instant expiresAt) {
        return new AuthorizationCode(POOL, "client", "ada", "https://app.example.com/cb", Set.of("openid"),
                "challenge", "nonce", now, "origin-1", expiresAt, "sub-ada");
    }

    @Test
    void codeIsRedeemedOnceThenReportedAsReplay() {
        codes.save("h1", code(now.plusSeconds(300)));
        assertThat(codes.redeem("h1", now)).isEqualTo(new Redemption.Redeemed(code(now.plusSeconds(300))));
        assertThat(codes.redeem("h1", now)).isEqualTo(new Redemption.Replayed(POOL, "origin-1"));
        assertThat(codes.redeem("unknown", now)).isEqualTo(new Redemption.Unknown());
    }

    @Test
    void expiredCodeCannotBeRedeemed() {
        codes.save("h1", code(now.minusSeconds(1)));
        assertThat(codes.redeem("h1", now)).isEqualTo(new Redemption.Unknown());
    }

    @Test
    void concurrentRedemptionsOfOneCodeHaveExactlyOneWinner() throws Exception {
        codes.save("race", code(now.plusSeconds(300)));
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Redemption>> results = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return codes.redeem("race", now);
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Redemption> result : results) {
                if (result.get() instanceof Redemption.Redeemed) {
                    winners++;
                } else {
                    assertThat(result.get()).isInstanceOf(Redemption.Replayed.class);
                }
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    RefreshGrant grant(String username, String origin) {
        return new RefreshGrant(POOL, "client", username, "sub-" + username, Set.of("openid"), now, origin, now, now.plus(Duration.ofDays(30)),
                true);
    }

    @Test
    void refreshTokenIsActiveUntilItsOriginIsRevoked() {
        refreshTokens.save("r1", grant("ada", "o1"));
        refreshTokens.save("r2", grant("ada", "o1"));
        refreshTokens.save("r3", grant("ada", "o2"));
        assertThat(refreshTokens.findActive("r1", now)).contains(grant("ada", "o1"));

        refreshTokens.revokeOrigin(POOL, "o1", now);
        refreshTokens.revokeOrigin(POOL, "o1", now);
        assertThat(refreshTokens.findActive("r1", now)).isEmpty();
        assertThat(refreshTokens.findActive("r2", now)).isEmpty();
        assertThat(refreshTokens.findActive("r3", now)).isPresent();
        assertThat(refreshTokens.isOriginRevoked("o1")).isTrue();
        assertThat(refreshTokens.isOriginRevoked("o2")).isFalse();
    }

    @Test
    void aRefreshGrantKeepsWhetherItGivesAnIdTokenWhateverItsScopes() {
        RefreshGrant api = new RefreshGrant(POOL, "client", "ada", "sub-ada", Set.of("aws.cognito.signin.user.admin"),
                now, "o1", now, now.plus(Duration.ofDays(30)), true);
        RefreshGrant oauth = new RefreshGrant(POOL, "client", "ada", "sub-ada", Set.of("email"),
                now, "o2", now, now.plus(Duration.ofDays(30)), false);
        refreshTokens.save("api", api);
        refreshTokens.save("oauth", oauth);
        assertThat(refreshTokens.findActive("api", now)).contains(api);
        assertThat(refreshTokens.findActive("oauth", now)).contains(oauth);
        // stored before the choice was kept: the ID token followed openid
        assertThat(new RefreshGrant(POOL, "client", "ada", "sub-ada", Set.of("openid"), now, "o3", now, now, null)
                .withIdToken()).isTrue();
    }

    @Test
    void rotationRetiresTheOldTokenOnceAndSavesTheNewOne() {
        refreshTokens.save("old", grant("ada", "o1"));
        assertThat(refreshTokens.rotate("old", now, Duration.ZERO, "new", grant("ada", "o1"))).isTrue();
        assertThat(refreshTokens.findActive("old", now)).isEmpty();
        assertThat(refreshTokens.findActive("new", now)).contains(grant("ada", "o1"));
        assertThat(refreshTokens.rotate("old", now, Duration.ZERO, "newer", grant("ada", "o1"))).isFalse();
        assertThat(refreshTokens.findActive("newer", now)).isEmpty();
    }

    @Test
    void rotationWithAGracePeriodKeepsTheOldTokenUntilItEnds() {
        refreshTokens.save("old", grant("ada", "o1"));
        assertThat(refreshTokens.rotate("old", now, Duration.ofSeconds(30), "new", grant("ada", "o1"))).isTrue();
        assertThat(refreshTokens.findActive("old", now.plusSeconds(29))).isPresent();
        assertThat(refreshTokens.findActive("old", now.plusSeconds(30))).isEmpty();
        assertThat(refreshTokens.findActive("new", now.plusSeconds(30))).isPresent();
    }

    @Test
    void tokenOfARevokedSignInCannotBeRotated() {
        refreshTokens.save("old", grant("ada", "o1"));
        refreshTokens.revokeOrigin(POOL, "o1", now);
        assertThat(refreshTokens.rotate("old", now, Duration.ofSeconds(30), "new", grant("ada", "o1"))).isFalse();
        assertThat(refreshTokens.findActive("new", now)).isEmpty();
    }

    @Test
    void refreshTokenSavedAfterItsOriginWasRevokedIsNotActive() {
        // A replayed code revokes its origin while the first redemption may still be saving its token.
        refreshTokens.revokeOrigin(POOL, "o1", now);
        refreshTokens.save("late", grant("ada", "o1"));
        assertThat(refreshTokens.findActive("late", now)).isEmpty();
    }

    @Test
    void codeCarriesTheSubOfItsUser() {
        AuthorizationCode withSub = new AuthorizationCode(POOL, "client", "ada", "https://app.example.com/cb",
                Set.of("openid"), null, null, now, "origin-2", now.plusSeconds(300), "sub-ada");
        codes.save("h2", withSub);
        assertThat(codes.redeem("h2", now)).isEqualTo(new Redemption.Redeemed(withSub));
    }

    @Test
    void globalSignOutRevokesEveryTokenOfTheUserOnly() {
        refreshTokens.save("a1", grant("ada", "o1"));
        refreshTokens.save("a2", grant("ada", "o2"));
        refreshTokens.save("b1", grant("bob", "o3"));
        refreshTokens.revokeUser(POOL, "ada", now);
        assertThat(refreshTokens.findActive("a1", now)).isEmpty();
        assertThat(refreshTokens.findActive("a2", now)).isEmpty();
        assertThat(refreshTokens.findActive("b1", now)).isPresent();
        assertThat(refreshTokens.isOriginRevoked("o2")).isTrue();
    }

    @Test
    void expiredRefreshTokenIsNotActive() {
        refreshTokens.save("r1", grant("ada", "o1"));
        assertThat(refreshTokens.findActive("r1", now.plus(Duration.ofDays(31)))).isEmpty();
    }

    @Test
    void browserSessionLivesUntilExpiryOrDeletion() {
        BrowserSession session = new BrowserSession(POOL, "ada", now, now.plusSeconds(3600));
        sessions.save("s1", session);
        assertThat(sessions.findActive("s1", now)).contains(session);
        assertThat(sessions.findActive("s1", now.plusSeconds(3601))).isEmpty();
        sessions.delete("s1");
        assertThat(sessions.findActive("s1", now)).isEmpty();
    }
}
