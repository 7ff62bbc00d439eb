-- The node running an import job holds it by a lease it renews while the job runs (epoch
-- milliseconds; NULL until started). A job in a running status whose lease has run out lost its
-- node: any node's upkeep ends it (UserImportRun.endAbandoned) rather than leave it InProgress.
ALTER TABLE user_import_jobs ADD COLUMN lease_until BIGINT;
