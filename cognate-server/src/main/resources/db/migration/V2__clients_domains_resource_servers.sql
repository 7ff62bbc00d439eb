-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds.

-- App client ids are unique across pools. The secret is sealed (AES-GCM, context
-- "client-secret:<id>") and never part of doc.
CREATE TABLE app_clients (
    id            VARCHAR(128) NOT NULL PRIMARY KEY,
    pool_id       VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    name          VARCHAR(128) NOT NULL,
    secret_sealed TEXT,
    created_at    BIGINT       NOT NULL,
    doc           TEXT         NOT NULL
);
CREATE INDEX app_clients_by_pool ON app_clients (pool_id, id);

-- Domain names are unique across pools; a pool has at most one prefix (custom = 0) and one
-- custom (custom = 1) domain.
CREATE TABLE user_pool_domains (
    domain  VARCHAR(255) NOT NULL PRIMARY KEY,
    pool_id VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    custom  INTEGER      NOT NULL,
    doc     TEXT         NOT NULL
);
CREATE UNIQUE INDEX user_pool_domains_one_per_kind ON user_pool_domains (pool_id, custom);

CREATE TABLE resource_servers (
    pool_id    VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    identifier VARCHAR(256) NOT NULL,
    name       VARCHAR(256) NOT NULL,
    doc        TEXT         NOT NULL,
    PRIMARY KEY (pool_id, identifier)
);
