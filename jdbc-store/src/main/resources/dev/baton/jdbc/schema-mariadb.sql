CREATE TABLE IF NOT EXISTS ${table} (
  id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  created BIGINT NOT NULL,
  last_access BIGINT NOT NULL,
  max_inactive BIGINT NOT NULL,
  expires_at BIGINT,
  principal VARCHAR(255),
  version BIGINT NOT NULL,
  fence BIGINT NOT NULL DEFAULT 0,
  lock_owner VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin,
  lock_until BIGINT,
  INDEX ${name}_expires_idx (expires_at),
  INDEX ${name}_principal_idx (principal)
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS ${table}_attributes (
  session_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARBINARY(2000) NOT NULL,
  bytes LONGBLOB NOT NULL,
  PRIMARY KEY (session_id, name),
  FOREIGN KEY (session_id) REFERENCES ${table} (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS ${table}_counters (
  slot INT NOT NULL PRIMARY KEY,
  created BIGINT NOT NULL,
  expired BIGINT NOT NULL
) ENGINE=InnoDB;
