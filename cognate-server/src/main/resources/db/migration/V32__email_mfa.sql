-- E-mail codes as a second factor (EMAIL_OTP): each user's preference, as SetUserMFAPreference
-- sets it. The codes themselves are verification_codes rows (purpose SIGN_IN_EMAIL_OTP).
CREATE TABLE user_email_mfa (
    pool_id   VARCHAR(64)  NOT NULL,
    username  VARCHAR(300) NOT NULL,
    enabled   INTEGER      NOT NULL,
    preferred INTEGER      NOT NULL,
    PRIMARY KEY (pool_id, username),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
