-- Everything a cluster document says is stored (the configuration API): cluster extensions and a version for
-- optimistic concurrency, host labels and configured state, VM placement constraints and recovery policy,
-- failover domains, and fence levels of several devices.

ALTER TABLE cluster ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE cluster ADD COLUMN fence_timeout_seconds INT NULL;
ALTER TABLE cluster ADD COLUMN fencing_grace_seconds INT NULL;

-- Where each element stands in the document, so that an export lists them as they were applied.
ALTER TABLE host ADD COLUMN position INT NOT NULL DEFAULT 0;
ALTER TABLE vm ADD COLUMN position INT NOT NULL DEFAULT 0;

-- UP, DOWN or MAINTENANCE as the operator configured it; what the rules make of it is in the live session.
ALTER TABLE host ADD COLUMN configured_state VARCHAR(16) NOT NULL DEFAULT 'UP';
-- JSON object of label name to value.
ALTER TABLE host ADD COLUMN labels TEXT NULL;

ALTER TABLE vm ADD COLUMN storage VARCHAR(1000) NOT NULL DEFAULT '';
ALTER TABLE vm ADD COLUMN networks VARCHAR(1000) NOT NULL DEFAULT '';
ALTER TABLE vm ADD COLUMN failover_domain VARCHAR(100) NULL;
ALTER TABLE vm ADD COLUMN anti_affinity VARCHAR(100) NULL;
ALTER TABLE vm ADD COLUMN recovery VARCHAR(16) NOT NULL DEFAULT 'RESTART';
ALTER TABLE vm ADD COLUMN max_restarts INT NOT NULL DEFAULT 0;
ALTER TABLE vm ADD COLUMN restart_expire_seconds INT NOT NULL DEFAULT 0;

-- members: JSON list of {"host", "priority"}.
CREATE TABLE failover_domain (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    name              VARCHAR(100) NOT NULL UNIQUE,
    position          INT          NOT NULL,
    prefer_order      BOOLEAN      NOT NULL,
    restricted        BOOLEAN      NOT NULL,
    nofailback        BOOLEAN      NOT NULL,
    members           TEXT         NOT NULL
);

-- Entries sharing a level are that level's devices (both PDU ports of a host with two power supplies).
ALTER TABLE fence_device ADD COLUMN device INT NOT NULL DEFAULT 1;
ALTER TABLE fence_device DROP CONSTRAINT fence_device_host_level;
ALTER TABLE fence_device ADD CONSTRAINT fence_device_host_level_device UNIQUE (host, level, device);
