CREATE TABLE signing_keys (
    pool_id        VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    kid            VARCHAR(64)  NOT NULL,
    purpose        VARCHAR(16)  NOT NULL,
    created_at     BIGINT       NOT NULL,
    retired_at     BIGINT,
    public_jwk     TEXT         NOT NULL,
    private_sealed TEXT         NOT NULL,
    PRIMARY KEY (pool_id, kid)
);
