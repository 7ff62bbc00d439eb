-- Every ListUsers filter and every sign-in lookup by e-mail, phone or alias is an index search
-- whose cost does not grow with the pool (docs/BENCHMARKS.md, "User search at a million users").

-- cognito:user_status and status (enabled) filters, read in ListUsers order.
CREATE INDEX users_by_status ON users (pool_id, status, username_key);
CREATE INDEX users_by_enabled ON users (pool_id, enabled, username_key);

-- Sign-in by e-mail or preferred_username in pools whose names compare without case. Both
-- backends fold ASCII only here: SQLite's lower() does, and so does PostgreSQL's under the
-- "C" collation that V50 gives the column.
CREATE INDEX user_attributes_by_folded_value ON user_attributes (pool_id, name, (lower(substr(value, 1, 128))));
