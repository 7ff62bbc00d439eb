-- Identity providers of a pool. doc holds the provider as JSON with its secret ProviderDetails
-- sealed (never in clear). The identifiers table makes an IdP identifier unique in a pool.
CREATE TABLE identity_providers (
    pool_id       VARCHAR(64) NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    name          VARCHAR(32) NOT NULL,
    provider_type VARCHAR(32) NOT NULL,
    created_at    BIGINT      NOT NULL,
    updated_at    BIGINT      NOT NULL,
    doc           TEXT        NOT NULL,
    PRIMARY KEY (pool_id, name)
);

CREATE TABLE identity_provider_identifiers (
    pool_id       VARCHAR(64) NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    identifier    VARCHAR(40) NOT NULL,
    provider_name VARCHAR(32) NOT NULL,
    PRIMARY KEY (pool_id, identifier),
    FOREIGN KEY (pool_id, provider_name) REFERENCES identity_providers(pool_id, name) ON DELETE CASCADE
);

CREATE INDEX identity_provider_identifiers_by_provider ON identity_provider_identifiers (pool_id, provider_name);
