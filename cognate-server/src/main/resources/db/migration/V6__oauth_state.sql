-- Codes, refresh tokens and browser sessions are stored only as SHA-256 hashes of the values
-- handed out. Single use and revocation are decided here, atomically, so any node can serve
-- any step of a flow.
CREATE TABLE authorization_codes (
    code_hash   VARCHAR(64)  NOT NULL PRIMARY KEY,
    pool_id     VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    client_id   VARCHAR(64)  NOT NULL,
    origin_jti  VARCHAR(64)  NOT NULL,
    doc         TEXT         NOT NULL,
    expires_at  BIGINT       NOT NULL,
    consumed_at BIGINT
);

CREATE TABLE refresh_tokens (
    token_hash  VARCHAR(64)  NOT NULL PRIMARY KEY,
    pool_id     VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    client_id   VARCHAR(64)  NOT NULL,
    username    VARCHAR(256) NOT NULL,
    origin_jti  VARCHAR(64)  NOT NULL,
    doc         TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX refresh_tokens_by_origin ON refresh_tokens (origin_jti);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (pool_id, username);

-- Authentication events whose tokens were revoked: access tokens carrying one of these
-- origin_jti values are refused by userInfo and GetUser until they expire anyway.
CREATE TABLE revoked_origins (
    origin_jti  VARCHAR(64)  NOT NULL PRIMARY KEY,
    pool_id     VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    revoked_at  BIGINT       NOT NULL
);

CREATE TABLE browser_sessions (
    session_hash VARCHAR(64)  NOT NULL PRIMARY KEY,
    pool_id      VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    username     VARCHAR(256) NOT NULL,
    auth_time    BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL,
    doc          TEXT         NOT NULL
);
