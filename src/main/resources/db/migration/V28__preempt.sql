-- Whether lower-priority non-HA VMs are stopped to make room for blocked HA VMs (cluster.preempt); unset means the
-- default (false, off).
ALTER TABLE cluster ADD COLUMN preempt BOOLEAN NULL;
