-- Settings a pool keeps and answers but Cognate does not act on yet. Portable SQL (SQLite, PostgreSQL).
CREATE TABLE pool_mfa_factors (
    pool_id VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES user_pools(id) ON DELETE CASCADE,
    doc     TEXT        NOT NULL
);

-- SetUICustomization's CSS and logo, per app client or for the whole pool (client_id 'ALL').
CREATE TABLE ui_customizations (
    pool_id    VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    client_id  VARCHAR(128) NOT NULL,
    doc        TEXT         NOT NULL,
    PRIMARY KEY (pool_id, client_id)
);

-- SetRiskConfiguration's settings, per app client or for the whole pool (client_id 'ALL').
CREATE TABLE risk_configurations (
    pool_id    VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    client_id  VARCHAR(128) NOT NULL,
    doc        TEXT         NOT NULL,
    PRIMARY KEY (pool_id, client_id)
);

-- SetLogDeliveryConfiguration's destinations of a pool's logs (recorded; Cognate sends no logs there).
CREATE TABLE pool_log_delivery (
    pool_id VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES user_pools(id) ON DELETE CASCADE,
    doc     TEXT        NOT NULL
);

-- CreateTerms' links to an app client's terms of use and privacy policy (one of each per client).
CREATE TABLE terms (
    pool_id    VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    terms_id   VARCHAR(64)  NOT NULL,
    client_id  VARCHAR(128) NOT NULL,
    terms_name VARCHAR(32)  NOT NULL,
    doc        TEXT         NOT NULL,
    PRIMARY KEY (pool_id, terms_id),
    UNIQUE (pool_id, client_id, terms_name)
);

-- Managed login branding styles (settings and assets), one per app client.
CREATE TABLE managed_login_brandings (
    pool_id     VARCHAR(64)  NOT NULL REFERENCES user_pools(id) ON DELETE CASCADE,
    branding_id VARCHAR(64)  NOT NULL,
    client_id   VARCHAR(128) NOT NULL,
    doc         TEXT         NOT NULL,
    PRIMARY KEY (pool_id, branding_id),
    UNIQUE (pool_id, client_id)
);
