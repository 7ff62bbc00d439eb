-- One row per sign-in in progress: an authorization request that passed every check of
-- /oauth2/authorize, kept under the SHA-256 of the id handed to the browser, until the user
-- has signed in (password, new password, an upstream IdP...) and the app has its answer.
-- The doc (the validated request, the browser binding, the current step with the nonce and
-- PKCE verifier sent upstream) is sealed. version makes each step a compare-and-set, and
-- finished_at / upstream_consumed_at make completion and the IdP's callback single use
-- across nodes. Rows stay a while after expiry so that a replay reads as a replay.
CREATE TABLE sign_in_transactions (
    id_hash              VARCHAR(64)  NOT NULL PRIMARY KEY,
    pool_id              VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    upstream_state_hash  VARCHAR(64)  UNIQUE,
    upstream_provider    VARCHAR(32),
    version              INTEGER      NOT NULL,
    doc                  TEXT         NOT NULL,
    created_at           BIGINT       NOT NULL,
    expires_at           BIGINT       NOT NULL,
    upstream_consumed_at BIGINT,
    finished_at          BIGINT
);
CREATE INDEX sign_in_transactions_by_expiry ON sign_in_transactions (expires_at);

-- Upstream states now live in the sign-in transaction they belong to.
DROP TABLE federation_states;

CREATE INDEX authorization_codes_by_expiry ON authorization_codes (expires_at);
CREATE INDEX browser_sessions_by_expiry ON browser_sessions (expires_at);
CREATE INDEX sign_in_failures_by_time ON sign_in_failures (last_failure);
