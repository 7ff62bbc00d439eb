-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds.
CREATE TABLE user_pools (
    id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    name       VARCHAR(128) NOT NULL,
    created_at BIGINT       NOT NULL,
    doc        TEXT         NOT NULL
);
