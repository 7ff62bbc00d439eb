-- PostgreSQL only (SQLite compares bytes already). ListUsers' prefix filters (^=) become index
-- range scans [prefix, successor of prefix); that is only a prefix match when the column sorts
-- by code point, as SQLite's BINARY does. Under a linguistic collation (en_US.UTF-8) "ab-c"
-- sorts as "abc" and a range scan would miss or add users. "C" also gives both backends one
-- ListUsers order and one PaginationToken meaning. Indexes on these columns are rebuilt here.
ALTER TABLE users ALTER COLUMN username_key TYPE VARCHAR(300) COLLATE "C";
ALTER TABLE users ALTER COLUMN sub TYPE VARCHAR(64) COLLATE "C";
ALTER TABLE users ALTER COLUMN status TYPE VARCHAR(32) COLLATE "C";
ALTER TABLE user_attributes ALTER COLUMN value TYPE TEXT COLLATE "C";
