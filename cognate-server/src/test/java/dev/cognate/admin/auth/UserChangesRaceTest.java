package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
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
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * A user's own request that is under way when an administrator locks the account (ChangePassword
 * reads the user, then spends tens of milliseconds hashing) must not write the account back as
 * it was: the user stays disabled and the tokens stay revoked (lost update).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class UserChangesRaceTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;
    ExecutorService threads;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void lostUpdateAPasswordChangeUnderWayDoesNotReEnableAUserDisabledMeanwhile() throws Exception {
        for (int round = 0; round < 4; round++) {
            String name = pool.confirmedUser(uniqueName("locked"));
            String accessToken = pool.tokens(clientId, name).accessToken();
            CountDownLatch start = new CountDownLatch(1);
            Future<?> change = threads.submit(() -> {
                start.await();
                try {
                    pool.cognito.changePassword(r -> r.accessToken(accessToken).previousPassword(PASSWORD)
                            .proposedPassword("Another-Horse-2"));
                } catch (NotAuthorizedException disabledFirst) {
                    // the disable landed before the change read the user: refused, as it should be
                }
                return null;
            });
            Future<?> disable = threads.submit(() -> {
                start.await();
                pool.cognito.adminDisableUser(r -> r.userPoolId(pool.poolId).username(name));
                return null;
            });
            start.countDown();
            change.get();
            disable.get();

            assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(name)).enabled()).isFalse();
            assertThatThrownBy(() -> pool.cognito.getUser(r -> r.accessToken(accessToken)))
                    .isInstanceOf(NotAuthorizedException.class);
        }
    }
}
