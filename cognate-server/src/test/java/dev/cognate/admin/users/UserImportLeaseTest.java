package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.UserImportJobStore;
import dev.cognate.store.jdbc.JdbcUserImportJobStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import dev.cognate.users.UserImportJob;
import dev.cognate.users.UserImportStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobType;

/**
 * A running import job is held by its node through a lease the node renews. When the node dies
 * mid-run the lease runs out, and the next node to start (or any node's upkeep) ends the job
 * rather than leave it InProgress forever: on PostgreSQL a second node of the same cluster, on
 * SQLite the same node restarted on its data. A pool runs one job at a time (V58), whichever
 * node starts it.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class UserImportLeaseTest {
    @Parameter
    Backend backend;

    @Test
    void jobOfADeadNodeEndsFailedWhenAnotherNodeStarts() {
        TestServer first = TestServer.start(backend);
        TestServer second = null;
        try {
            CognitoIdentityProviderClient cognito = first.client();
            // one running job a pool (V58): three pools
            String poolId = cognito.createUserPool(r -> r.poolName(uniqueName("lease"))).userPool().id();
            String stoppingPool = cognito.createUserPool(r -> r.poolName(uniqueName("lease"))).userPool().id();
            String alivePool = cognito.createUserPool(r -> r.poolName(uniqueName("lease"))).userPool().id();
            UserImportJobStore jobs = new JdbcUserImportJobStore(first.server().database().jdbi());
            Instant now = Instant.now();
            String dead = held(cognito, jobs, poolId, UserImportStatus.InProgress, now.minusSeconds(1), 3_000);
            String deadAskedToStop = held(cognito, jobs, stoppingPool, UserImportStatus.Stopping, now.minusSeconds(1), 1_000);
            String alive = held(cognito, jobs, alivePool, UserImportStatus.InProgress, now.plus(UserImportRun.LEASE), 2_000);

            if (backend == Backend.SQLITE) {
                first.close(); // a restart of the one node
            }
            second = TestServer.start(backend, first.dataDir(), first.dbUrl());
            second.server().maintenance().runOnce(); // the upkeep's pass, which a node runs 30 s after its start

            CognitoIdentityProviderClient other = second.client();
            UserImportJobType failed = describe(other, poolId, dead);
            assertThat(failed.status()).isEqualTo(UserImportJobStatusType.FAILED);
            assertThat(failed.completionMessage()).isEqualTo(UserImportRun.ABANDONED);
            assertThat(failed.completionDate()).isNotNull();
            assertThat(failed.importedUsers()).isEqualTo(3_000);
            UserImportJobType stopped = describe(other, stoppingPool, deadAskedToStop);
            assertThat(stopped.status()).isEqualTo(UserImportJobStatusType.STOPPED);
            assertThat(stopped.completionMessage()).isEqualTo(UserImportRun.STOPPED);
            assertThat(describe(other, alivePool, alive).status())
                    .as("a job whose node still renews its lease is that node's").isEqualTo(UserImportJobStatusType.IN_PROGRESS);
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    @Test
    void aJobJustStartedIsNotTakenForAbandoned() throws Exception {
        MailedPool pool = MailedPool.create(backend);
        UserImportTest imports = importsInto(pool);
        UserImportJobType job = imports.create();
        String csv = UserImportTest.csv(pool.cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader(),
                imports.row(uniqueName("fresh"), Map.of()));
        assertThat(UserImportTest.upload(job.preSignedUrl(), csv).statusCode()).isEqualTo(200);
        pool.cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(job.jobId()));
        pool.server.server().maintenance().runOnce();
        UserImportJobType done = imports.awaitEnd(job.jobId());
        assertThat(done.status()).isEqualTo(UserImportJobStatusType.SUCCEEDED);
        assertThat(done.importedUsers()).isEqualTo(1);
    }

    @Test
    void aSecondRunningJobInAPoolIsRefusedWithLimitExceeded() throws Exception {
        MailedPool pool = MailedPool.create(backend);
        UserImportJobStore jobs = new JdbcUserImportJobStore(pool.server.server().database().jdbi());
        String running = held(pool.cognito, jobs, pool.poolId, UserImportStatus.InProgress,
                Instant.now().plus(UserImportRun.LEASE), 0);
        UserImportTest imports = importsInto(pool);
        UserImportJobType next = imports.create();
        String csv = UserImportTest.csv(pool.cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader(),
                imports.row(uniqueName("next"), Map.of()));
        assertThat(UserImportTest.upload(next.preSignedUrl(), csv).statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> pool.cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(next.jobId())))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("A user import job is already running in the user pool");
        assertThat(describe(pool.cognito, pool.poolId, next.jobId()).status()).isEqualTo(UserImportJobStatusType.CREATED);

        pool.cognito.stopUserImportJob(r -> r.userPoolId(pool.poolId).jobId(running));
        UserImportJob stopping = jobs.find(pool.poolId, running).orElseThrow();
        jobs.replace(stopping.ended(UserImportStatus.Stopped, UserImportRun.STOPPED, Instant.now()),
                Set.of(UserImportStatus.Stopping)); // what its run does after its batch
        pool.cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(next.jobId()));
        assertThat(imports.awaitEnd(next.jobId()).status()).isEqualTo(UserImportJobStatusType.SUCCEEDED);
    }

    @Test
    void twoStartsRacingOnTwoNodesCannotBothRunInOnePool() {
        MailedPool pool = MailedPool.create(backend);
        // each node checks its own Created job and sets it running; the store lets one through
        UserImportJobStore jobs = new JdbcUserImportJobStore(pool.server.server().database().jdbi());
        UserImportJob one = created(pool, jobs);
        UserImportJob two = created(pool, jobs);
        Instant lease = Instant.now().plus(UserImportRun.LEASE);
        assertThat(jobs.replace(one.started(Instant.now()), Set.of(UserImportStatus.Created), lease)).isTrue();
        assertThatThrownBy(() -> jobs.replace(two.started(Instant.now()), Set.of(UserImportStatus.Created), lease))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(jobs.find(pool.poolId, two.jobId()).orElseThrow().status()).isEqualTo(UserImportStatus.Created);
    }

    private static UserImportJob created(MailedPool pool, UserImportJobStore jobs) {
        String jobId = pool.cognito.createUserImportJob(r -> r.userPoolId(pool.poolId).jobName("race")
                .cloudWatchLogsRoleArn(UserImportTest.ROLE)).userImportJob().jobId();
        return jobs.find(pool.poolId, jobId).orElseThrow();
    }

    private UserImportTest importsInto(MailedPool pool) {
        UserImportTest imports = new UserImportTest();
        imports.backend = backend;
        imports.pool = pool;
        imports.cognito = pool.cognito;
        return imports;
    }

    /** A job a node took (status {@code status}, counts so far) and holds until {@code leaseUntil}. */
    private static String held(CognitoIdentityProviderClient cognito, UserImportJobStore jobs, String poolId,
                               UserImportStatus status, Instant leaseUntil, long imported) {
        String jobId = cognito.createUserImportJob(r -> r.userPoolId(poolId).jobName("held")
                .cloudWatchLogsRoleArn(UserImportTest.ROLE)).userImportJob().jobId();
        UserImportJob created = jobs.find(poolId, jobId).orElseThrow();
        UserImportJob taken = created.started(Instant.now()).withStatus(status).withCounts(imported, 0, 0);
        assertThat(jobs.replace(taken, Set.of(UserImportStatus.Created), leaseUntil)).isTrue();
        return jobId;
    }

    private static UserImportJobType describe(CognitoIdentityProviderClient cognito, String poolId, String jobId) {
        return cognito.describeUserImportJob(r -> r.userPoolId(poolId).jobId(jobId)).userImportJob();
    }
}
