-- How much a host's free vCPUs and its measured CPU load weigh for placement (cluster.vcpuHeadroomWeight,
-- cluster.measuredLoadWeight); unset means the default (0, off).
ALTER TABLE cluster ADD COLUMN vcpu_headroom_weight DOUBLE NULL;
ALTER TABLE cluster ADD COLUMN measured_load_weight DOUBLE NULL;
