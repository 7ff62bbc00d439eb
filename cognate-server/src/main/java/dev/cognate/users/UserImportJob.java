package dev.cognate.users;

import java.time.Instant;

/**
 * A CSV import into a pool (CreateUserImportJob). {@code uploadId} names the upload the job
 * reads (null until a whole file has arrived), {@code uploadRows} the users that file holds.
 * The PreSignedUrl is not kept: it is derived from the job whenever it is shown.
 */
public record UserImportJob(
        String userPoolId,
        String jobId,
        String jobName,
        String cloudWatchLogsRoleArn,
        UserImportStatus status,
        Instant creationDate,
        Instant startDate,
        Instant completionDate,
        long importedUsers,
        long skippedUsers,
        long failedUsers,
        String completionMessage,
        String uploadId,
        long uploadRows) {

    public static UserImportJob created(String userPoolId, String jobId, String jobName, String roleArn, Instant now) {
        return new UserImportJob(userPoolId, jobId, jobName, roleArn, UserImportStatus.Created, now, null, null,
                0, 0, 0, null, null, 0);
    }

    public UserImportJob withUpload(String newUploadId, long rows) {
        return new UserImportJob(userPoolId, jobId, jobName, cloudWatchLogsRoleArn, status, creationDate, startDate,
                completionDate, importedUsers, skippedUsers, failedUsers, completionMessage, newUploadId, rows);
    }

    public UserImportJob started(Instant now) {
        return new UserImportJob(userPoolId, jobId, jobName, cloudWatchLogsRoleArn, UserImportStatus.Pending, creationDate,
                now, null, importedUsers, skippedUsers, failedUsers, null, uploadId, uploadRows);
    }

    public UserImportJob withStatus(UserImportStatus newStatus) {
        return new UserImportJob(userPoolId, jobId, jobName, cloudWatchLogsRoleArn, newStatus, creationDate, startDate,
                completionDate, importedUsers, skippedUsers, failedUsers, completionMessage, uploadId, uploadRows);
    }

    public UserImportJob withCounts(long imported, long skipped, long failed) {
        return new UserImportJob(userPoolId, jobId, jobName, cloudWatchLogsRoleArn, status, creationDate, startDate,
                completionDate, imported, skipped, failed, completionMessage, uploadId, uploadRows);
    }

    public UserImportJob ended(UserImportStatus end, String message, Instant now) {
        return new UserImportJob(userPoolId, jobId, jobName, cloudWatchLogsRoleArn, end, creationDate, startDate,
                now, importedUsers, skippedUsers, failedUsers, message, uploadId, uploadRows);
    }
}
