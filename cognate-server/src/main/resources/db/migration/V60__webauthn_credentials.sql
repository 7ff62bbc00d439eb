-- Users' passkeys (WebAuthn credentials), registered with StartWebAuthnRegistration and
-- CompleteWebAuthnRegistration and used by USER_AUTH's WEB_AUTHN factor. credential_id is the
-- credential's id in base64url; attested holds the attested credential data (AAGUID, id and COSE
-- public key, all public) in base64. Times are epoch milliseconds. Portable SQL.
CREATE TABLE webauthn_credentials (
    pool_id        VARCHAR(64)   NOT NULL,
    credential_id  VARCHAR(1400) NOT NULL,
    username       VARCHAR(300)  NOT NULL,
    sub            VARCHAR(64)   NOT NULL,
    rp_id          VARCHAR(255)  NOT NULL,
    attested       TEXT          NOT NULL,
    sign_count     BIGINT        NOT NULL,
    name           VARCHAR(256),
    attachment     VARCHAR(32),
    transports     VARCHAR(256),
    created_at     BIGINT        NOT NULL,
    PRIMARY KEY (pool_id, credential_id),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
CREATE INDEX webauthn_credentials_by_user ON webauthn_credentials (pool_id, username, created_at, credential_id);
