-- At most one running import job a pool (StartUserImportJob answers LimitExceededException): a
-- run checks sign-in names and aliases against the store and its own rows, not against another
-- run's rows in flight, so two runs at once could give two users one verified e-mail.
-- A partial unique index holds the rule for every node at once (SQLite and PostgreSQL alike).
CREATE UNIQUE INDEX user_import_jobs_one_running ON user_import_jobs (pool_id)
    WHERE status IN ('Pending', 'InProgress', 'Stopping');
