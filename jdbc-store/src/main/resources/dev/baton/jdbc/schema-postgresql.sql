CREATE TABLE IF NOT EXISTS ${table} (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  created BIGINT NOT NULL,
  last_access BIGINT NOT NULL,
  max_inactive BIGINT NOT NULL,
  expires_at BIGINT,
  principal VARCHAR(255),
  version BIGINT NOT NULL,
  fence BIGINT NOT NULL DEFAULT 0,
  lock_owner VARCHAR(64),
  lock_until BIGINT
);
CREATE INDEX IF NOT EXISTS ${name}_expires_idx ON ${table} (expires_at);
CREATE INDEX IF NOT EXISTS ${name}_principal_idx ON ${table} (principal);
CREATE TABLE IF NOT EXISTS ${table}_attributes (
  session_id VARCHAR(64) NOT NULL REFERENCES ${table} (id) ON DELETE CASCADE ON UPDATE CASCADE,
  name TEXT NOT NULL,
  bytes BYTEA NOT NULL,
  PRIMARY KEY (session_id, name)
);
CREATE TABLE IF NOT EXISTS ${table}_counters (
  slot INT NOT NULL PRIMARY KEY,
  created BIGINT NOT NULL,
  expired BIGINT NOT NULL
);
