-- Session tracking (SetUserPoolSessionConfiguration). While a pool tracks sessions, each
-- sign-in that hands out a refresh token opens a token session: its id (tkn...), its client,
-- when it was opened and last refreshed, and from what device and address. A session is
-- active while a refresh token of its sign-in event (origin_jti) is: revoking the event, or
-- the user's global sign-out, ends it, so the list never shows a session that no longer works.
-- Times are epoch milliseconds. Portable SQL.
CREATE TABLE session_settings (
    pool_id   VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    -- 'ALL' for the pool's own settings, else an app client's
    client_id VARCHAR(128) NOT NULL,
    doc       TEXT         NOT NULL,
    PRIMARY KEY (pool_id, client_id)
);

CREATE TABLE user_sessions (
    session_id     VARCHAR(28)   NOT NULL PRIMARY KEY,
    pool_id        VARCHAR(64)   NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    username       VARCHAR(256)  NOT NULL,
    session_type   VARCHAR(8)    NOT NULL,
    client_id      VARCHAR(128)  NOT NULL,
    origin_jti     VARCHAR(64)   NOT NULL UNIQUE,
    created_at     BIGINT        NOT NULL,
    last_active_at BIGINT        NOT NULL,
    expires_at     BIGINT        NOT NULL,
    device_type    VARCHAR(1024),
    last_ip        VARCHAR(128)
);
-- ListUserSessions, and the eviction of a user's least recently used session.
CREATE INDEX user_sessions_by_user ON user_sessions (pool_id, username, last_active_at);
-- The purge of sessions whose refresh tokens have all expired.
CREATE INDEX user_sessions_by_expiry ON user_sessions (expires_at);
