-- Sign-in events that no user of the pool can be held to: a name the pool does not have (typed
-- at InitiateAuth or the hosted page), a code resend for such a name, an upstream IdP's callback
-- that failed before any user was known. Never the typed name (people type passwords into it):
-- at most its keyed hash under the master key (name_hash), so that attempts on one name
-- correlate. Purged with auth_events by the node's audit retention.
CREATE TABLE pool_auth_events (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    pool_id         VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    occurred_at     BIGINT       NOT NULL,
    event_type      VARCHAR(32)  NOT NULL,
    outcome         VARCHAR(16)  NOT NULL,
    reason          VARCHAR(32)  NOT NULL,
    name_hash       VARCHAR(64),
    doc             TEXT         NOT NULL
);
CREATE INDEX pool_auth_events_by_pool ON pool_auth_events (pool_id, occurred_at, id);
CREATE INDEX pool_auth_events_by_time ON pool_auth_events (occurred_at);
