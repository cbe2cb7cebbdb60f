-- How long a more preferred failover domain member must be up before VMs fail back to it (cluster.failbackDelay,
-- seconds); unset means the default.
ALTER TABLE cluster ADD COLUMN failback_delay_seconds INT NULL;
