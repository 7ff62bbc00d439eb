-- Users' devices (device tracking: "remember this device"). A sign-in in a pool that tracks
-- devices hands out a new device key (NewDeviceMetadata) and writes its row, unconfirmed;
-- ConfirmDevice confirms it with the device's SRP verifier (sealed with the master key).
-- Unconfirmed rows are purged after a day. Times are epoch milliseconds. Portable SQL.
CREATE TABLE devices (
    pool_id          VARCHAR(64)   NOT NULL,
    device_key       VARCHAR(64)   NOT NULL,
    username         VARCHAR(300)  NOT NULL,
    sub              VARCHAR(64)   NOT NULL,
    group_key        VARCHAR(64)   NOT NULL,
    confirmed        INTEGER       NOT NULL,
    remembered       INTEGER       NOT NULL,
    verifier         TEXT,
    name             VARCHAR(1024),
    last_ip          VARCHAR(64),
    created_at       BIGINT        NOT NULL,
    modified_at      BIGINT        NOT NULL,
    authenticated_at BIGINT,
    PRIMARY KEY (pool_id, device_key),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
);
-- ListDevices: a user's devices, oldest first; and the foreign key's cascade.
CREATE INDEX devices_by_user ON devices (pool_id, username, created_at, device_key);
-- The purge of devices never confirmed.
CREATE INDEX devices_unconfirmed ON devices (confirmed, created_at);
