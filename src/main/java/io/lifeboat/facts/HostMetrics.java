package io.lifeboat.facts;

/**
 * A host's measured load, as its hypervisor reports it (one fact per host, replaced when it moves by a step; absent
 * until a host has been probed twice). {@code cpuLoadPercent}: the share of the host's CPUs its guests used between
 * two probes, 0 to 100.
 */
public record HostMetrics(String host, int cpuLoadPercent) {
}
