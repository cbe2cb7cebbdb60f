-- Many clusters per deployment: every host, VM and failover domain belongs to one cluster (the cluster row's id),
-- and the journal names the cluster of each entry where it has one. Rows from before belong to the one cluster
-- there was. Host names stay unique across the deployment (a host is one machine, and its connection, monitor and
-- fence devices are kept by name); so do VM names (as in oVirt's engine); failover domain names are the cluster's.
ALTER TABLE host ADD COLUMN cluster_id BIGINT NULL;
ALTER TABLE vm ADD COLUMN cluster_id BIGINT NULL;
UPDATE host SET cluster_id = (SELECT MIN(id) FROM cluster);
UPDATE vm SET cluster_id = (SELECT MIN(id) FROM cluster);
CREATE INDEX host_cluster ON host (cluster_id);
CREATE INDEX vm_cluster ON vm (cluster_id);

-- Recreated rather than altered: the old table's unique name has no portable name to drop it by.
CREATE TABLE cluster_failover_domain (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    cluster_id   BIGINT       NOT NULL,
    name         VARCHAR(100) NOT NULL,
    position     INT          NOT NULL,
    prefer_order BOOLEAN      NOT NULL,
    restricted   BOOLEAN      NOT NULL,
    nofailback   BOOLEAN      NOT NULL,
    members      TEXT         NOT NULL,
    CONSTRAINT cluster_failover_domain_name UNIQUE (cluster_id, name)
);
INSERT INTO cluster_failover_domain (cluster_id, name, position, prefer_order, restricted, nofailback, members)
    SELECT (SELECT MIN(id) FROM cluster), name, position, prefer_order, restricted, nofailback, members
    FROM failover_domain;
DROP TABLE failover_domain;

ALTER TABLE journal_entry ADD COLUMN cluster VARCHAR(100) NULL;
UPDATE journal_entry SET cluster = (SELECT MIN(name) FROM cluster)
    WHERE type NOT IN ('POLICY_RELOAD', 'USER_CHANGE');
CREATE INDEX journal_entry_cluster ON journal_entry (cluster, recorded_at);

-- The replicas alive now, for sharing the clusters' leases among them (lifeboat.leadership).
CREATE TABLE lifeboat_replica (
    name    VARCHAR(128) NOT NULL PRIMARY KEY,
    seen_at DATETIME(3)  NOT NULL
);

-- One row that every change of any cluster's configuration writes first, in its transaction: changes of different
-- clusters (led by different replicas) are serialized, so that the names the deployment must hold once (hosts,
-- connections, VMs) are checked against what is committed; on Galera the write makes concurrent changes conflict.
CREATE TABLE configuration_lock (
    id      INT    NOT NULL PRIMARY KEY,
    changes BIGINT NOT NULL
);
INSERT INTO configuration_lock (id, changes) VALUES (1, 0);
