-- The fence retry schedule of a cluster document (cluster.fenceRetryInitial, cluster.fenceRetryMax, in seconds);
-- unset means the contract's defaults.
ALTER TABLE cluster ADD COLUMN fence_retry_initial_seconds INT NULL;
ALTER TABLE cluster ADD COLUMN fence_retry_max_seconds INT NULL;
