-- CreateUserImportJob's jobs and the CSV files uploaded to their PreSignedUrl. Portable SQL.
-- Times are epoch milliseconds.
CREATE TABLE user_import_jobs (
    pool_id    VARCHAR(64) NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    job_id     VARCHAR(64) NOT NULL,
    created_at BIGINT      NOT NULL,
    status     VARCHAR(16) NOT NULL,
    doc        TEXT        NOT NULL,
    PRIMARY KEY (pool_id, job_id)
);
-- ListUserImportJobs: newest first.
CREATE INDEX user_import_jobs_by_creation ON user_import_jobs (pool_id, created_at, job_id);

-- An uploaded file as UTF-8 text in pieces of about a megabyte, read back in order by the job.
-- upload_id tells one PUT from another: only the upload the job took (its doc says which) is read.
CREATE TABLE user_import_files (
    pool_id   VARCHAR(64) NOT NULL,
    job_id    VARCHAR(64) NOT NULL,
    upload_id VARCHAR(64) NOT NULL,
    seq       INTEGER     NOT NULL,
    content   TEXT        NOT NULL,
    PRIMARY KEY (pool_id, job_id, upload_id, seq),
    FOREIGN KEY (pool_id, job_id) REFERENCES user_import_jobs(pool_id, job_id) ON DELETE CASCADE
);
