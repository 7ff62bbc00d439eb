-- Sign-in through upstream identity providers.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds.

-- One row per sign-in sent to an IdP, keyed by the SHA-256 of the state we sent. The doc
-- (nonce, PKCE verifier, the app's pending authorization, the browser binding) is sealed.
-- consumed_at makes the state single use across nodes: one conditional UPDATE wins.
-- Rows stay a while after expiry so a replay reads as a replay, then are purged.
CREATE TABLE federation_states (
    state_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
    pool_id       VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    provider_name VARCHAR(32)  NOT NULL,
    doc           TEXT         NOT NULL,
    created_at    BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    consumed_at   BIGINT
);
CREATE INDEX federation_states_by_expiry ON federation_states (expires_at);

-- Which pool user an external identity is: (provider, issuer, subject) -> username. The
-- subject is the IdP's immutable id (Entra: oid; the issuer then carries the tenant id).
-- Never an e-mail address.
CREATE TABLE federated_identities (
    pool_id       VARCHAR(64)  NOT NULL,
    provider_name VARCHAR(32)  NOT NULL,
    issuer        VARCHAR(512) NOT NULL,
    subject       VARCHAR(255) NOT NULL,
    username      VARCHAR(300) NOT NULL,
    created_at    BIGINT       NOT NULL,
    PRIMARY KEY (pool_id, provider_name, issuer, subject),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
CREATE INDEX federated_identities_by_user ON federated_identities (pool_id, username);

-- The groups an IdP said a user is in at their last sign-in (ProviderDetails groups_claim).
CREATE TABLE idp_groups (
    pool_id       VARCHAR(64)  NOT NULL,
    username      VARCHAR(300) NOT NULL,
    provider_name VARCHAR(32)  NOT NULL,
    group_name    VARCHAR(256) NOT NULL,
    PRIMARY KEY (pool_id, username, provider_name, group_name),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
