-- Passkeys as MFA: each user's WebAuthnMfaSettings (SetUserMFAPreference), which lets a passkey
-- with user verification stand in for MFA where the pool's WebAuthnConfiguration.FactorConfiguration
-- is MULTI_FACTOR_WITH_USER_VERIFICATION. Portable SQL.
CREATE TABLE user_passkey_mfa (
    pool_id   VARCHAR(64)  NOT NULL,
    username  VARCHAR(300) NOT NULL,
    enabled   INTEGER      NOT NULL,
    PRIMARY KEY (pool_id, username),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
