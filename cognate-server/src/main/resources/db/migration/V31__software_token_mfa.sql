-- TOTP (SOFTWARE_TOKEN_MFA) per user: the verified secret and one being associated, both sealed
-- with the master key; the preference; the last time step accepted (a code is accepted once).
CREATE TABLE user_software_tokens (
    pool_id        VARCHAR(64)  NOT NULL,
    username       VARCHAR(300) NOT NULL,
    secret         TEXT,
    pending_secret TEXT,
    enabled        INTEGER      NOT NULL,
    preferred      INTEGER      NOT NULL,
    last_step      BIGINT,
    PRIMARY KEY (pool_id, username),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);

-- MFA challenge sessions answered once: the hash of each one's id until it expires.
CREATE TABLE used_mfa_sessions (
    session_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at   BIGINT      NOT NULL
);
