-- Session tracking (SetUserPoolSessionConfiguration). While a pool tracks sessions:
-- - each sign-in that hands out a refresh token opens a token session (tkn...), active while a
--   refresh token of its sign-in event (origin_jti) is: revoking the event, or the user's global
--   sign-out, ends it, so the list never shows a session that no longer works;
-- - each hosted sign-in's browser session is an SSO session (sso...), active while that browser
--   session is; a token session that came through it names it (origin_session).
-- Times are epoch milliseconds. Portable SQL.
CREATE TABLE session_settings (
    pool_id   VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    -- 'ALL' for the pool's own settings, else an app client's
    client_id VARCHAR(128) NOT NULL,
    doc       TEXT         NOT NULL,
    PRIMARY KEY (pool_id, client_id)
);

CREATE TABLE user_sessions (
    session_id      VARCHAR(28)   NOT NULL PRIMARY KEY,
    pool_id         VARCHAR(64)   NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    username        VARCHAR(256)  NOT NULL,
    -- the user's: a user deleted and another created with the same name sees none of these
    sub             VARCHAR(64)   NOT NULL,
    session_type    VARCHAR(8)    NOT NULL,
    client_id       VARCHAR(128)  NOT NULL,
    -- TOKEN: its sign-in event
    origin_jti      VARCHAR(64)   UNIQUE,
    -- SSO: the hash of its browser session (browser_sessions.session_hash)
    browser_session VARCHAR(64)   UNIQUE,
    -- TOKEN: the SSO session it came through, if any
    origin_session  VARCHAR(28),
    created_at      BIGINT        NOT NULL,
    last_active_at  BIGINT        NOT NULL,
    expires_at      BIGINT        NOT NULL,
    device_type     VARCHAR(1024),
    last_ip         VARCHAR(128)
);
-- ListUserSessions, and the eviction of a user's least recently used session.
CREATE INDEX user_sessions_by_user ON user_sessions (pool_id, username, last_active_at);
-- RevokeAssociatedSessions LINKED on an SSO session: the token sessions that came through it.
CREATE INDEX user_sessions_by_origin_session ON user_sessions (origin_session);
-- The purge of sessions past their end.
CREATE INDEX user_sessions_by_expiry ON user_sessions (expires_at);

-- An authorization code the hosted sign-in issued through an SSO session, until it is exchanged
-- for tokens (codes live five minutes): the token session it opens then names that SSO session.
CREATE TABLE sso_session_codes (
    origin_jti VARCHAR(64) NOT NULL PRIMARY KEY,
    session_id VARCHAR(28) NOT NULL,
    expires_at BIGINT      NOT NULL
);
