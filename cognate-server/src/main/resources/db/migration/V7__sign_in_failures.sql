-- Failed password sign-ins per user and per source address, shared by every node.
CREATE TABLE sign_in_failures (
    throttle_key  VARCHAR(400) NOT NULL PRIMARY KEY,
    failures      INTEGER      NOT NULL,
    last_failure  BIGINT       NOT NULL
);
