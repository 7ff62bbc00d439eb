-- Users, their attributes, identity links, groups and memberships.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds.

-- username keeps the case it was created with; username_key is the form lookups compare
-- (lower case in pools whose usernames are case-insensitive, else the username itself).
CREATE TABLE users (
    pool_id               VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    username              VARCHAR(300) NOT NULL,
    username_key          VARCHAR(300) NOT NULL,
    sub                   VARCHAR(64)  NOT NULL,
    status                VARCHAR(32)  NOT NULL,
    enabled               INTEGER      NOT NULL,
    password_hash         TEXT,
    created_at            BIGINT       NOT NULL,
    modified_at           BIGINT       NOT NULL,
    tokens_revoked_before BIGINT,
    PRIMARY KEY (pool_id, username),
    CONSTRAINT users_username_key UNIQUE (pool_id, username_key),
    CONSTRAINT users_sub UNIQUE (pool_id, sub)
);

CREATE TABLE user_attributes (
    pool_id  VARCHAR(64)  NOT NULL,
    username VARCHAR(300) NOT NULL,
    name     VARCHAR(64)  NOT NULL,
    value    TEXT         NOT NULL,
    PRIMARY KEY (pool_id, username, name),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
-- ListUsers filters and alias checks look attributes up by value. Values may be 2048
-- characters of any script, more than a PostgreSQL b-tree entry holds, so the index keeps
-- a bounded prefix and queries compare that prefix as well as the whole value.
CREATE INDEX user_attributes_by_value ON user_attributes (pool_id, name, (substr(value, 1, 128)));

CREATE TABLE identity_links (
    pool_id                  VARCHAR(64)  NOT NULL,
    provider_name            VARCHAR(32)  NOT NULL,
    provider_attribute_name  VARCHAR(128) NOT NULL,
    provider_attribute_value VARCHAR(512) NOT NULL,
    username                 VARCHAR(300) NOT NULL,
    created_at               BIGINT       NOT NULL,
    PRIMARY KEY (pool_id, provider_name, provider_attribute_name, provider_attribute_value),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
CREATE INDEX identity_links_by_user ON identity_links (pool_id, username);

CREATE TABLE user_groups (
    pool_id     VARCHAR(64)   NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    name        VARCHAR(128)  NOT NULL,
    description VARCHAR(2048),
    role_arn    VARCHAR(2048),
    precedence  INTEGER,
    created_at  BIGINT        NOT NULL,
    modified_at BIGINT        NOT NULL,
    PRIMARY KEY (pool_id, name)
);

CREATE TABLE group_members (
    pool_id    VARCHAR(64)  NOT NULL,
    group_name VARCHAR(128) NOT NULL,
    username   VARCHAR(300) NOT NULL,
    PRIMARY KEY (pool_id, group_name, username),
    FOREIGN KEY (pool_id, group_name) REFERENCES user_groups(pool_id, name) ON DELETE CASCADE,
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
CREATE INDEX group_members_by_user ON group_members (pool_id, username, group_name);
