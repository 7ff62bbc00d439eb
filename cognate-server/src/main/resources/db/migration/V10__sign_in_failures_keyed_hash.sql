-- Throttle keys were "user:<pool>:<username>" in plain text: every name anyone tried to sign
-- in with, mistyped passwords included. They are keyed hashes now (SignInThrottle); the old
-- rows are dropped (counts are forgotten after an hour anyway) and the column renamed so that
-- no code can go on writing plain names into it by mistake.
DELETE FROM sign_in_failures;
ALTER TABLE sign_in_failures RENAME COLUMN throttle_key TO key_hash;
