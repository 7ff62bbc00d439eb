-- The SRP verifier of each user's password (USER_SRP_AUTH), sealed with the master key.
-- A row is bound to the password hash it was computed with (inside the sealed value), so a
-- password set by a path that does not write a verifier leaves a stale row that is ignored.
CREATE TABLE srp_verifiers (
    pool_id  VARCHAR(64)  NOT NULL,
    username VARCHAR(300) NOT NULL,
    sealed   TEXT         NOT NULL,
    PRIMARY KEY (pool_id, username),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
