-- Text-message codes as a second factor (SMS_MFA): each user's preference, as SetUserMFAPreference's
-- SMSMfaSettings (or the older SetUserSettings' MFAOptions) sets it. The codes themselves are
-- verification_codes rows (purpose SIGN_IN_SMS_MFA). Portable SQL.
CREATE TABLE user_sms_mfa (
    pool_id   VARCHAR(64)  NOT NULL,
    username  VARCHAR(300) NOT NULL,
    enabled   INTEGER      NOT NULL,
    preferred INTEGER      NOT NULL,
    PRIMARY KEY (pool_id, username),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
