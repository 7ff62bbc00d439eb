-- The audit trail: who changed what through the signed admin API, and every sign-in event of
-- a pool's users (what AdminListUserAuthEvents answers). Neither holds a secret, a code or a
-- token: only names, outcomes and where a request came from. Rows older than the node's
-- audit retention are purged by the upkeep loop.
CREATE TABLE admin_changes (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    occurred_at     BIGINT       NOT NULL,
    access_key_id   VARCHAR(128),
    operation       VARCHAR(64)  NOT NULL,
    pool_id         VARCHAR(64),
    outcome         VARCHAR(64)  NOT NULL,
    doc             TEXT         NOT NULL
);
CREATE INDEX admin_changes_by_time ON admin_changes (occurred_at);

-- Keyed by the user's sub: a user deleted and created again under the same name starts afresh.
CREATE TABLE auth_events (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    pool_id         VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    user_sub        VARCHAR(64)  NOT NULL,
    occurred_at     BIGINT       NOT NULL,
    event_type      VARCHAR(32)  NOT NULL,
    outcome         VARCHAR(16)  NOT NULL,
    doc             TEXT         NOT NULL,
    feedback        TEXT
);
CREATE INDEX auth_events_by_user ON auth_events (pool_id, user_sub, occurred_at, id);
CREATE INDEX auth_events_by_time ON auth_events (occurred_at);
