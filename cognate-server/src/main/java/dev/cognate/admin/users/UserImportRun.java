package dev.cognate.admin.users;

import dev.cognate.authn.AliasConflicts;
import dev.cognate.authn.SmsOtp;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.UserImportJobStore;
import dev.cognate.store.UserPoolStore;
import dev.cognate.store.UserStore;
import dev.cognate.users.User;
import dev.cognate.users.UserImportJob;
import dev.cognate.users.UserImportStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a started job off the request thread: reads the file row by row, checks each row
 * ({@link UserImportRows}), and writes the users in batches through the store's bulk path
 * ({@link UserStore#insertAll}). A user whose name is taken is skipped, a row that breaks a rule
 * fails; both are logged by line number only, as Cognito's CloudWatch log does. Between batches
 * the job's counts are stored with a compare-and-set on InProgress: a StopUserImportJob (from any
 * node) has set Stopping by then, and the run ends Stopped.
 */
final class UserImportRun {
    private static final Logger LOG = LoggerFactory.getLogger(UserImportRun.class);
    static final int BATCH = 1_000;
    static final String SUCCEEDED = "Import Job Completed Successfully.";
    static final String TOO_MANY_FAILED = "Too many users have failed or been skipped during the import.";
    static final String STOPPED = "The Import Job was stopped by the developer.";
    static final String ABANDONED = "The node running the import job stopped before the job ended; the users counted "
            + "as imported were imported, the rest of the file was not read.";
    private static final Set<UserImportStatus> RUNNING = Set.of(UserImportStatus.InProgress);
    /** How long a job stays its node's without a word from it; renewed every {@link #RENEW_EVERY}. */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration RENEW_EVERY = Duration.ofSeconds(30);

    private final UserImportJobStore jobs;
    private final UserPoolStore pools;
    private final UserStore users;
    private final SmsOtp smsOtp;
    private final Clock clock;

    UserImportRun(UserImportJobStore jobs, UserPoolStore pools, UserStore users, SmsOtp smsOtp, Clock clock) {
        this.smsOtp = smsOtp;
        this.jobs = jobs;
        this.pools = pools;
        this.users = users;
        this.clock = clock;
    }

    /** Starts the run of a job just set Pending. */
    void start(UserImportJob pending) {
        Thread.ofVirtual().name("cognate-" + pending.jobId()).start(() -> {
            try {
                run(pending);
            } catch (RuntimeException e) {
                LOG.warn("user import {} failed: {}", pending.jobId(), e.toString());
                end(pending.jobId(), pending.userPoolId(), UserImportStatus.Failed,
                        "The user import job failed because of an internal error.");
            }
        });
    }

    /** A lease from now: the job is this node's until then unless renewed. */
    Instant leaseFromNow() {
        return clock.instant().plus(LEASE);
    }

    /**
     * Ends the running jobs whose node stopped renewing their lease (it died or was killed mid-run):
     * Failed, saying so, or Stopped if a stop was asked. Any node's upkeep runs this, at start and
     * then every few minutes; the conditional update lets only one node end a job, and never one
     * whose lease was renewed meanwhile.
     */
    void endAbandoned() {
        Instant now = clock.instant();
        for (UserImportJob job : jobs.leaseExpired(now)) {
            boolean stopAsked = job.status() == UserImportStatus.Stopping;
            UserImportJob ended = job.ended(stopAsked ? UserImportStatus.Stopped : UserImportStatus.Failed,
                    stopAsked ? STOPPED : ABANDONED, now);
            if (jobs.endIfLeaseExpired(ended, now)) {
                jobs.deleteFiles(job.userPoolId(), job.jobId(), null);
                LOG.warn("user import {} into {}: its node stopped renewing the job's lease; ended {} ({} imported)",
                        job.jobId(), job.userPoolId(), ended.status(), job.importedUsers());
            }
        }
    }

    private void run(UserImportJob pending) {
        UserImportJob job = pending.withStatus(UserImportStatus.InProgress);
        if (!jobs.replace(job, Set.of(UserImportStatus.Pending), leaseFromNow())) {
            return; // stopped before it began
        }
        Thread heartbeat = Thread.ofVirtual().name("cognate-" + job.jobId() + "-lease").start(() -> renew(job));
        try {
            runHeld(job);
        } finally {
            heartbeat.interrupt();
        }
    }

    private void renew(UserImportJob job) {
        while (true) {
            try {
                Thread.sleep(RENEW_EVERY);
            } catch (InterruptedException e) {
                return; // the run ended
            }
            try {
                if (!jobs.renewLease(job.userPoolId(), job.jobId(), leaseFromNow())) {
                    return; // ended, here or by another node
                }
            } catch (RuntimeException e) {
                LOG.warn("user import {}: lease not renewed ({}); tried again in {}", job.jobId(), e.toString(), RENEW_EVERY);
            }
        }
    }

    private void runHeld(UserImportJob job) {
        Optional<UserPool> found = pools.find(job.userPoolId());
        if (found.isEmpty()) {
            return; // the pool and its jobs are gone
        }
        UserPool pool = found.get();
        if (job.uploadRows() > UserImportCsv.MAX_ROWS) {
            finish(job, UserImportStatus.Failed, "The CSV file has " + job.uploadRows() + " users; an import takes at most "
                    + UserImportCsv.MAX_ROWS + ".");
            return;
        }
        UserImportFile file = new UserImportFile(jobs, pool.id(), job.jobId(), job.uploadId());
        String headerRow = file.next();
        UserImportCsv.Header header = UserImportCsv.parseHeader(pool, headerRow == UserImportFile.OVERLONG ? null : headerRow);
        if (header instanceof UserImportCsv.Header.Refused refused) {
            finish(job, UserImportStatus.Failed, refused.reason());
            return;
        }
        UserImportRows rows = new UserImportRows(pool, ((UserImportCsv.Header.Columns) header).names(),
                new AliasConflicts(users), smsOtp.offeredAsMfa(pool));
        try (Batch batch = new Batch(job)) {
            int line = 1;
            for (String row; (row = file.next()) != null; ) {
                line++;
                if (row.isBlank()) {
                    continue;
                }
                if (row == UserImportFile.OVERLONG) {
                    batch.failed(line, "The row is longer than " + UserImportCsv.MAX_ROW_CHARS + " characters.");
                } else {
                    switch (rows.read(row, clock.instant())) {
                        case UserImportRows.Row.Failed failed -> batch.failed(line, failed.reason());
                        case UserImportRows.Row.Ready ready -> batch.add(line, ready);
                    }
                }
                if (batch.size() >= BATCH && !batch.flush()) {
                    return;
                }
            }
            if (!batch.flush() || !batch.settle()) {
                return;
            }
            UserImportJob done = batch.job;
            boolean anyImported = done.importedUsers() > 0 || done.failedUsers() + done.skippedUsers() == 0;
            finish(done, anyImported ? UserImportStatus.Succeeded : UserImportStatus.Failed,
                    anyImported ? SUCCEEDED : TOO_MANY_FAILED);
        }
    }

    /**
     * Users read but not yet written, and the job's counts so far. While one batch is written
     * (on a thread of its own) the next is read and checked: the two take about the same time.
     * A batch is handed over only once the one before it is written and the counts stored, so a
     * stop still falls between batches, and each batch's check of taken names (in the store)
     * sees every batch before it. Sign-in names and aliases are checked in the store when a row
     * is read, which the batch being written is not in yet: the values of the last two batches
     * are kept to catch a repeat across them.
     */
    private final class Batch implements AutoCloseable {
        private final List<User> ready = new ArrayList<>();
        private final List<Integer> lines = new ArrayList<>();
        /** The keys of the batch's users whose row turned SMS MFA on (cognito:mfa_enabled true). */
        private final Set<String> smsKeys = new HashSet<>();
        private final Set<String> keys = new HashSet<>();
        private Set<String> claims = new HashSet<>();
        private Set<String> previousClaims = Set.of();
        private final java.util.concurrent.ExecutorService writer =
                java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofVirtual().name("cognate-import-writer").factory());
        private java.util.concurrent.Future<Written> inFlight;
        private UserImportJob job;
        private long imported;
        private long skipped;
        private long failed;

        Batch(UserImportJob job) {
            this.job = job;
        }

        /** What writing one batch did. */
        private record Written(long imported, long skipped) {}

        int size() {
            return ready.size();
        }

        void failed(int line, String reason) {
            failed++;
            LOG.info("{} [FAILED] Line Number {} - {}", job.jobId(), line, reason);
        }

        void add(int line, UserImportRows.Row.Ready row) {
            if (!keys.add(row.user().usernameKey())) {
                skipped++;
                logSkip(line);
                return;
            }
            for (String claim : row.claims()) {
                if (previousClaims.contains(claim) || !claims.add(claim)) {
                    failed(line, "An account with the given " + claim.substring(0, claim.indexOf('=')) + " already exists.");
                    return;
                }
            }
            ready.add(row.user());
            lines.add(line);
            if (row.smsMfa()) {
                smsKeys.add(row.user().usernameKey());
            }
        }

        private void logSkip(int line) {
            LOG.info("{} [SKIPPED] Line Number {} - The user already exists.", job.jobId(), line);
        }

        /** Hands the batch to the writer. @return false when the run must end (stopped, gone) */
        boolean flush() {
            List<User> batch = List.copyOf(ready);
            List<Integer> at = List.copyOf(lines);
            Set<String> sms = Set.copyOf(smsKeys);
            ready.clear();
            lines.clear();
            smsKeys.clear();
            keys.clear();
            previousClaims = claims;
            claims = new HashSet<>();
            if (!settle()) {
                return false;
            }
            if (!batch.isEmpty()) {
                inFlight = writer.submit(() -> write(batch, at, sms));
            }
            return true;
        }

        /** Waits for the batch being written and stores the counts. @return false when the run must end */
        boolean settle() {
            if (inFlight != null) {
                try {
                    Written written = inFlight.get();
                    imported += written.imported();
                    skipped += written.skipped();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("user import interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
                } finally {
                    inFlight = null;
                }
            }
            UserImportJob counted = job.withCounts(imported, skipped, failed);
            if (jobs.replace(counted, RUNNING)) {
                job = counted;
                return true;
            }
            Optional<UserImportJob> now = jobs.find(job.userPoolId(), job.jobId());
            if (now.isPresent() && now.get().status() == UserImportStatus.Stopping) {
                UserImportJob stopped = counted.ended(UserImportStatus.Stopped, STOPPED, clock.instant());
                jobs.replace(stopped, Set.of(UserImportStatus.Stopping));
                jobs.deleteFiles(job.userPoolId(), job.jobId(), null);
            }
            return false;
        }

        private Written write(List<User> batch, List<Integer> at, Set<String> sms) {
            Set<String> taken = new HashSet<>();
            users.findAll(job.userPoolId(), batch.stream().map(User::username).toList())
                    .forEach(u -> taken.add(u.usernameKey()));
            List<User> fresh = new ArrayList<>(batch.size());
            long skips = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (taken.contains(batch.get(i).usernameKey())) {
                    skips++;
                    logSkip(at.get(i));
                } else {
                    fresh.add(batch.get(i));
                }
            }
            try {
                users.insertAll(fresh, sms);
                return new Written(fresh.size(), skips);
            } catch (DuplicateKeyException e) {
                // someone took a name meanwhile (or another case of it): one at a time, to tell which
                long inserted = 0;
                for (User user : fresh) {
                    try {
                        users.insert(user, sms.contains(user.usernameKey()));
                        inserted++;
                    } catch (DuplicateKeyException duplicate) {
                        skips++;
                        logSkip(at.get(batch.indexOf(user)));
                    }
                }
                return new Written(inserted, skips);
            }
        }

        @Override
        public void close() {
            writer.shutdownNow();
        }
    }

    private void finish(UserImportJob job, UserImportStatus end, String message) {
        UserImportJob ended = job.ended(end, message, clock.instant());
        if (!jobs.replace(ended, RUNNING)) {
            Optional<UserImportJob> now = jobs.find(job.userPoolId(), job.jobId());
            if (now.isPresent() && now.get().status() == UserImportStatus.Stopping) {
                jobs.replace(job.ended(UserImportStatus.Stopped, STOPPED, clock.instant()), Set.of(UserImportStatus.Stopping));
            }
        }
        jobs.deleteFiles(job.userPoolId(), job.jobId(), null);
        LOG.info("user import {} into {}: {} ({} imported, {} skipped, {} failed)", job.jobId(), job.userPoolId(), end,
                job.importedUsers(), job.skippedUsers(), job.failedUsers());
    }

    private void end(String jobId, String poolId, UserImportStatus status, String message) {
        jobs.find(poolId, jobId).filter(j -> !j.status().ended()).ifPresent(j ->
                jobs.replace(j.ended(status, message, clock.instant()), Set.of(j.status())));
        jobs.deleteFiles(poolId, jobId, null);
    }
}
