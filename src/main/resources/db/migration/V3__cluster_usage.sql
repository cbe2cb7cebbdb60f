-- How the cluster is used (STATIC, DYNAMIC, CLOUD): the RHEL HA vs RHEV advice depends on it.
ALTER TABLE cluster ADD COLUMN usage_kind VARCHAR(16) NOT NULL DEFAULT 'STATIC';
