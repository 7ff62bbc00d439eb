-- One-time codes mailed or texted to users: sign-up confirmation, password reset, attribute
-- verification. One live code per user and purpose, stored only as a keyed hash (HMAC under a
-- key derived from the master key: six digits are too few for a plain hash). attempts counts
-- guesses (reserved before each comparison, so parallel guesses cannot exceed the limit);
-- sends and window_start count codes sent in the current hour.
CREATE TABLE verification_codes (
    pool_id      VARCHAR(64)  NOT NULL,
    username     VARCHAR(300) NOT NULL,
    purpose      VARCHAR(64)  NOT NULL,
    code_hash    VARCHAR(64)  NOT NULL,
    attribute    VARCHAR(64),
    attempts     INTEGER      NOT NULL,
    sends        INTEGER      NOT NULL,
    window_start BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL,
    PRIMARY KEY (pool_id, username, purpose),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
CREATE INDEX verification_codes_by_expiry ON verification_codes (expires_at);

-- Messages kept instead of sent when no SMTP server is configured (and every SMS): read with
-- `cognate outbox`. They carry codes, so they expire.
CREATE TABLE outbox_messages (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    pool_id      VARCHAR(64)  NOT NULL,
    medium       VARCHAR(16)  NOT NULL,
    destination  VARCHAR(2048) NOT NULL,
    sender       VARCHAR(2048),
    subject      TEXT,
    body         TEXT         NOT NULL,
    created_at   BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL
);
CREATE INDEX outbox_messages_by_time ON outbox_messages (created_at);
CREATE INDEX outbox_messages_by_expiry ON outbox_messages (expires_at);
