package dev.cognate.store.jdbc;

import dev.cognate.store.Page;
import dev.cognate.store.UserImportJobStore;
import dev.cognate.users.UserImportJob;
import dev.cognate.users.UserImportStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

public final class JdbcUserImportJobStore implements UserImportJobStore {
    private final Jdbi jdbi;

    public JdbcUserImportJobStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(UserImportJob job) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO user_import_jobs (pool_id, job_id, created_at, status, doc)
                        VALUES (:pool, :job, :created, :status, :doc)""")
                .bind("pool", job.userPoolId())
                .bind("job", job.jobId())
                .bind("created", job.creationDate().toEpochMilli())
                .bind("status", job.status().name())
                .bind("doc", Docs.write(job))
                .execute()));
    }

    @Override
    public Optional<UserImportJob> find(String poolId, String jobId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM user_import_jobs WHERE pool_id = :pool AND job_id = :job")
                .bind("pool", poolId)
                .bind("job", jobId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, UserImportJob.class)));
    }

    @Override
    public Page<UserImportJob> list(String poolId, String after, int limit) {
        long created = Long.MAX_VALUE;
        String job = "";
        if (after != null) {
            int colon = after.indexOf(':');
            try {
                created = Long.parseLong(after.substring(0, Math.max(colon, 0)));
                job = after.substring(colon + 1);
            } catch (NumberFormatException e) {
                return new Page<>(List.of(), null);
            }
        }
        String condition = after == null ? "" : "AND (created_at < :created OR (created_at = :created AND job_id < :job))";
        long createdBefore = created;
        String jobBefore = job;
        List<UserImportJob> rows = jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT doc FROM user_import_jobs WHERE pool_id = :pool "
                            + condition + " ORDER BY created_at DESC, job_id DESC LIMIT :limit")
                    .bind("pool", poolId)
                    .bind("limit", limit + 1);
            if (after != null) {
                query.bind("created", createdBefore).bind("job", jobBefore);
            }
            return query.mapTo(String.class).map(doc -> Docs.read(doc, UserImportJob.class)).list();
        });
        return Pages.of(rows, limit, j -> j.creationDate().toEpochMilli() + ":" + j.jobId());
    }

    @Override
    public boolean replace(UserImportJob job, Set<UserImportStatus> expected) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE user_import_jobs SET status = :status, doc = :doc
                        WHERE pool_id = :pool AND job_id = :job AND status IN (<expected>)""")
                .bind("pool", job.userPoolId())
                .bind("job", job.jobId())
                .bind("status", job.status().name())
                .bind("doc", Docs.write(job))
                .bindList("expected", expected.stream().map(Enum::name).toList())
                .execute()) == 1;
    }

    private static final List<String> RUNNING = List.of(UserImportStatus.Pending.name(), UserImportStatus.InProgress.name(),
            UserImportStatus.Stopping.name());

    @Override
    public boolean replace(UserImportJob job, Set<UserImportStatus> expected, Instant leaseUntil) {
        return Sql.insert(() -> jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE user_import_jobs SET status = :status, doc = :doc, lease_until = :lease
                        WHERE pool_id = :pool AND job_id = :job AND status IN (<expected>)""")
                .bind("pool", job.userPoolId())
                .bind("job", job.jobId())
                .bind("status", job.status().name())
                .bind("doc", Docs.write(job))
                .bind("lease", leaseUntil.toEpochMilli())
                .bindList("expected", expected.stream().map(Enum::name).toList())
                .execute()) == 1);
    }

    @Override
    public boolean renewLease(String poolId, String jobId, Instant leaseUntil) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE user_import_jobs SET lease_until = :lease
                        WHERE pool_id = :pool AND job_id = :job AND status IN (<running>)""")
                .bind("pool", poolId)
                .bind("job", jobId)
                .bind("lease", leaseUntil.toEpochMilli())
                .bindList("running", RUNNING)
                .execute()) == 1;
    }

    @Override
    public List<UserImportJob> leaseExpired(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT doc FROM user_import_jobs
                        WHERE status IN (<running>) AND (lease_until IS NULL OR lease_until < :now)""")
                .bindList("running", RUNNING)
                .bind("now", now.toEpochMilli())
                .mapTo(String.class)
                .map(doc -> Docs.read(doc, UserImportJob.class))
                .list());
    }

    @Override
    public boolean endIfLeaseExpired(UserImportJob ended, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE user_import_jobs SET status = :status, doc = :doc, lease_until = NULL
                        WHERE pool_id = :pool AND job_id = :job AND status IN (<running>)
                        AND (lease_until IS NULL OR lease_until < :now)""")
                .bind("pool", ended.userPoolId())
                .bind("job", ended.jobId())
                .bind("status", ended.status().name())
                .bind("doc", Docs.write(ended))
                .bindList("running", RUNNING)
                .bind("now", now.toEpochMilli())
                .execute()) == 1;
    }

    @Override
    public void appendFile(String poolId, String jobId, String uploadId, int seq, String content) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO user_import_files (pool_id, job_id, upload_id, seq, content)
                        VALUES (:pool, :job, :upload, :seq, :content)""")
                .bind("pool", poolId)
                .bind("job", jobId)
                .bind("upload", uploadId)
                .bind("seq", seq)
                .bind("content", content)
                .execute());
    }

    @Override
    public Optional<String> fileChunk(String poolId, String jobId, String uploadId, int seq) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT content FROM user_import_files
                        WHERE pool_id = :pool AND job_id = :job AND upload_id = :upload AND seq = :seq""")
                .bind("pool", poolId)
                .bind("job", jobId)
                .bind("upload", uploadId)
                .bind("seq", seq)
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public void deleteFiles(String poolId, String jobId, String keep) {
        jdbi.useHandle(h -> h.createUpdate("""
                        DELETE FROM user_import_files WHERE pool_id = :pool AND job_id = :job AND upload_id <> :keep""")
                .bind("pool", poolId)
                .bind("job", jobId)
                .bind("keep", keep == null ? "" : keep)
                .execute());
    }

    @Override
    public void deleteUpload(String poolId, String jobId, String uploadId) {
        jdbi.useHandle(h -> h.createUpdate("""
                        DELETE FROM user_import_files WHERE pool_id = :pool AND job_id = :job AND upload_id = :upload""")
                .bind("pool", poolId)
                .bind("job", jobId)
                .bind("upload", uploadId)
                .execute());
    }
}
