package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.crypto.KeyedHash;
import dev.cognate.crypto.RandomIds;
import dev.cognate.http.SlowClientWatchdog;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.Page;
import dev.cognate.store.UserImportJobStore;
import dev.cognate.store.UserPoolStore;
import dev.cognate.store.UserStore;
import dev.cognate.users.UserImportJob;
import dev.cognate.users.UserImportStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * GetCSVHeader, CreateUserImportJob, StartUserImportJob, DescribeUserImportJob,
 * ListUserImportJobs, StopUserImportJob: Cognito's bulk import from a CSV file uploaded to the
 * job's PreSignedUrl ({@link UserImportUploads}, served by Cognate) and run in batches
 * ({@link UserImportRun}). Users arrive RESET_REQUIRED: their first sign-in answers
 * PasswordResetRequiredException and ForgotPassword sets their password.
 */
public final class UserImportOperations implements OperationFamily {
    private static final Pattern JOB_NAME = Pattern.compile("[\\w\\s+=,.@-]+");
    private static final Pattern JOB_ID = Pattern.compile("import-[0-9a-zA-Z-]+");
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?");
    private static final Pattern TOKEN = Pattern.compile("[\\S]+");
    /** A job not started within this long expires, its file deleted (Cognito: "24-48 hours"). */
    static final Duration EXPIRES_AFTER = Duration.ofHours(24);
    static final String EXPIRED = "The user import job has expired.";

    private final UserPoolOperations pools;
    private final UserImportJobStore jobs;
    private final UserImportUrls urls;
    private final UserImportRun runs;
    private final UserImportUploads uploads;
    private final Clock clock;

    /**
     * @param masterKey  the node's master key (the upload URLs' HMAC key is derived from it)
     * @param publicUrl  the node's public base URL, where the upload URLs point
     * @param smsOtp     text-message MFA, which {@code cognito:mfa_enabled} turns on
     */
    public UserImportOperations(UserPoolOperations pools, UserPoolStore poolStore, UserStore users,
                                UserImportJobStore jobs, byte[] masterKey, Supplier<String> publicUrl,
                                SlowClientWatchdog watchdog, dev.cognate.authn.SmsOtp smsOtp, Clock clock) {
        this.pools = pools;
        this.jobs = jobs;
        this.clock = clock;
        this.urls = new UserImportUrls(KeyedHash.derive(masterKey, UserImportUrls.PURPOSE), publicUrl);
        this.runs = new UserImportRun(jobs, poolStore, users, smsOtp, clock);
        this.uploads = new UserImportUploads(jobs, urls, watchdog, clock);
    }

    /** The endpoint of the jobs' PreSignedUrls. */
    public UserImportUploads uploads() {
        return uploads;
    }

    /** Where the upload endpoint is routed. */
    public static String uploadPath() {
        return UserImportUrls.PATH + "{poolId}/{jobId}";
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("GetCSVHeader", PoolRequest.class, this::csvHeader);
        registry.signed("CreateUserImportJob", CreateUserImportJobRequest.class, this::create);
        registry.signed("StartUserImportJob", JobRequest.class, this::start);
        registry.signed("DescribeUserImportJob", JobRequest.class, this::describe);
        registry.signed("ListUserImportJobs", ListUserImportJobsRequest.class, this::list);
        registry.signed("StopUserImportJob", JobRequest.class, this::stop);
    }

    public record PoolRequest(String userPoolId) {}

    public record CreateUserImportJobRequest(String jobName, String userPoolId, String cloudWatchLogsRoleArn,
                                             String passwordHashingAlgorithm) {}

    public record JobRequest(String userPoolId, String jobId) {}

    public record ListUserImportJobsRequest(String userPoolId, Integer maxResults, String paginationToken) {}

    public record GetCSVHeaderResponse(String userPoolId,
                                       @com.fasterxml.jackson.annotation.JsonProperty("CSVHeader") List<String> csvHeader) {}

    /** AWS UserImportJobType. */
    public record UserImportJobType(String jobName, String jobId, String userPoolId, String preSignedUrl,
                                    Instant creationDate, Instant startDate, Instant completionDate,
                                    UserImportStatus status, String cloudWatchLogsRoleArn, long importedUsers,
                                    long skippedUsers, long failedUsers, String completionMessage) {}

    public record UserImportJobResponse(UserImportJobType userImportJob) {}

    public record ListUserImportJobsResponse(List<UserImportJobType> userImportJobs, String paginationToken) {}

    private Object csvHeader(PoolRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        return new GetCSVHeaderResponse(pool.id(), UserImportCsv.header(pool));
    }

    private Object create(CreateUserImportJobRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String name = Validate.pattern(Validate.requiredString(r.jobName(), "jobName", 1, 128), "jobName", JOB_NAME);
        String role = Validate.pattern(Validate.requiredString(r.cloudWatchLogsRoleArn(), "cloudWatchLogsRoleArn", 20, 2048),
                "cloudWatchLogsRoleArn", ROLE_ARN);
        if (r.passwordHashingAlgorithm() != null) {
            throw AwsException.invalidParameter(
                    "PasswordHashingAlgorithm is not supported: Cognate imports users without passwords (RESET_REQUIRED).");
        }
        UserImportJob job = UserImportJob.created(pool.id(), "import-" + RandomIds.alphanumeric(10), name, role,
                clock.instant());
        jobs.insert(job);
        return new UserImportJobResponse(view(job));
    }

    private Object start(JobRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        UserImportJob job = existing(pool, r.jobId());
        if (job.status() != UserImportStatus.Created) {
            throw preconditionNotMet("The job " + job.jobId() + " is " + job.status() + "; only a Created job can be started.");
        }
        if (job.uploadId() == null) {
            throw preconditionNotMet("No CSV file has been uploaded to the job's PreSignedUrl.");
        }
        if (pool.autoVerifiedAttributes() == null || pool.autoVerifiedAttributes().isEmpty()) {
            throw preconditionNotMet("The user pool has no auto-verified attributes: imported users could not receive "
                    + "the code that resets their password.");
        }
        UserImportJob started = job.started(clock.instant());
        try {
            if (!jobs.replace(started, Set.of(UserImportStatus.Created), runs.leaseFromNow())) {
                throw preconditionNotMet("The job " + job.jobId() + " has been started already.");
            }
        } catch (DuplicateKeyException e) {
            throw new AwsException("LimitExceededException", "A user import job is already running in the user pool; "
                    + "start " + job.jobId() + " once it has ended.");
        }
        jobs.deleteFiles(pool.id(), job.jobId(), job.uploadId());
        runs.start(started);
        return new UserImportJobResponse(view(started));
    }

    private Object describe(JobRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        return new UserImportJobResponse(view(existing(pool, r.jobId())));
    }

    private Object list(ListUserImportJobsRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        int max = Validate.range(Validate.required(r.maxResults(), "maxResults"), "maxResults", 1, 60);
        if (r.paginationToken() != null) {
            Validate.pattern(r.paginationToken(), "paginationToken", TOKEN);
        }
        Page<UserImportJob> page = jobs.list(pool.id(), PageTokens.decode(r.paginationToken(), "paginationToken"), max);
        return new ListUserImportJobsResponse(page.items().stream().map(this::expireIfDue).map(this::view).toList(),
                PageTokens.encode(page.next()));
    }

    /** A job that has not begun ends at once; a running one is Stopping until its current batch is written. */
    private Object stop(JobRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        UserImportJob job = existing(pool, r.jobId());
        UserImportJob stopped = switch (job.status()) {
            case Pending -> job.ended(UserImportStatus.Stopped, UserImportRun.STOPPED, clock.instant());
            case InProgress -> job.withStatus(UserImportStatus.Stopping);
            default -> throw preconditionNotMet("The job " + job.jobId() + " is " + job.status()
                    + "; only a Pending or InProgress job can be stopped.");
        };
        if (!jobs.replace(stopped, Set.of(job.status()))) {
            // the run moved on meanwhile (Pending to InProgress, or it ended): answer from what it is now
            return stop(r, caller);
        }
        if (stopped.status() == UserImportStatus.Stopped) {
            jobs.deleteFiles(pool.id(), job.jobId(), null);
        }
        return new UserImportJobResponse(view(stopped));
    }

    /** The upkeep's part: ends jobs whose node died while running them ({@link UserImportRun#endAbandoned}). */
    public void endAbandonedJobs() {
        runs.endAbandoned();
    }

    private UserImportJob existing(UserPool pool, String jobId) {
        String id = Validate.pattern(Validate.requiredString(jobId, "jobId", 1, 55), "jobId", JOB_ID);
        return jobs.find(pool.id(), id).map(this::expireIfDue)
                .orElseThrow(() -> AwsException.resourceNotFound("Job " + id + " does not exist."));
    }

    private UserImportJob expireIfDue(UserImportJob job) {
        if (job.status() != UserImportStatus.Created || clock.instant().isBefore(job.creationDate().plus(EXPIRES_AFTER))) {
            return job;
        }
        UserImportJob expired = job.ended(UserImportStatus.Expired, EXPIRED, clock.instant());
        if (jobs.replace(expired, Set.of(UserImportStatus.Created))) {
            jobs.deleteFiles(job.userPoolId(), job.jobId(), null);
            return expired;
        }
        return jobs.find(job.userPoolId(), job.jobId()).orElse(expired);
    }

    private UserImportJobType view(UserImportJob job) {
        return new UserImportJobType(job.jobName(), job.jobId(), job.userPoolId(), urls.of(job), job.creationDate(),
                job.startDate(), job.completionDate(), job.status(), job.cloudWatchLogsRoleArn(), job.importedUsers(),
                job.skippedUsers(), job.failedUsers(), job.completionMessage());
    }

    private static AwsException preconditionNotMet(String message) {
        return new AwsException("PreconditionNotMetException", message);
    }
}
