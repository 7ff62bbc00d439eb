package dev.cognate.store;

import dev.cognate.users.UserImportJob;
import dev.cognate.users.UserImportStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * User import jobs by (pool, job id), and the CSV files uploaded for them. Status changes are
 * compare-and-set on the status, so that a Stop on one node and the run on another agree.
 * Deleting the pool deletes its jobs and their files.
 */
public interface UserImportJobStore {
    void insert(UserImportJob job);

    Optional<UserImportJob> find(String poolId, String jobId);

    /** The pool's jobs, newest first, starting after the position {@code after} (null for the first page). */
    Page<UserImportJob> list(String poolId, String after, int limit);

    /** Stores {@code job} if its stored status is one of {@code expected}. @return false otherwise */
    boolean replace(UserImportJob job, Set<UserImportStatus> expected);

    /**
     * Stores {@code job} if its stored status is one of {@code expected}, held by the running node
     * until {@code leaseUntil}. @return false otherwise
     * @throws dev.cognate.store.DuplicateKeyException when it would make a second running job in the pool
     */
    boolean replace(UserImportJob job, Set<UserImportStatus> expected, Instant leaseUntil);

    /** Extends the lease of a running (Pending, InProgress, Stopping) job. @return false if it is not running */
    boolean renewLease(String poolId, String jobId, Instant leaseUntil);

    /** Running jobs, in every pool, whose lease ran out before {@code now}: their node is gone. */
    List<UserImportJob> leaseExpired(Instant now);

    /** Stores {@code ended} if the job is still running and its lease still ran out before {@code now}. */
    boolean endIfLeaseExpired(UserImportJob ended, Instant now);

    /** Keeps one piece of an upload in progress; pieces are read back in {@code seq} order. */
    void appendFile(String poolId, String jobId, String uploadId, int seq, String content);

    /** The piece {@code seq} of an upload, or empty past its end. */
    Optional<String> fileChunk(String poolId, String jobId, String uploadId, int seq);

    /** Deletes the job's uploads other than {@code keep} (null: all of them). */
    void deleteFiles(String poolId, String jobId, String keep);

    /** Deletes one upload of the job (one refused, or one replaced by a later upload). */
    void deleteUpload(String poolId, String jobId, String uploadId);
}
