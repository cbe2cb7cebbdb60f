-- A host's own overcommit ratios (hosts[].memoryOvercommit, hosts[].vcpuOvercommit); unset means the cluster's.
ALTER TABLE host ADD COLUMN memory_overcommit DOUBLE NULL;
ALTER TABLE host ADD COLUMN vcpu_overcommit DOUBLE NULL;
