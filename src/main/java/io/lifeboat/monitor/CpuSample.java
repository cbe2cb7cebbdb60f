package io.lifeboat.monitor;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.lifeboat.facts.HostMetrics;
import io.lifeboat.hypervisor.DomainView;
import io.lifeboat.hypervisor.HostInventory;

/**
 * The CPU time each guest of a host had used when a probe read it. Two samples give the host's measured load: the CPU
 * time its guests used in between, against the time that passed times its CPUs. libvirt-java 0.5.4 has no binding of
 * the node's own CPU counters ({@code virNodeGetCPUStats}), so the load is the guests' share of the host, read from
 * the domain information every probe already fetches; work outside the guests is not counted.
 *
 * @param atNanos       when the probe read it, on a monotonic clock
 * @param guestCpuNanos by domain, the CPU time of each whose vCPUs run
 */
record CpuSample(String host, int cpus, long atNanos, Map<String, Long> guestCpuNanos) {

    static CpuSample of(HostInventory inventory, long atNanos) {
        return new CpuSample(inventory.host(), inventory.cpus(), atNanos, inventory.domains().stream()
                .filter(d -> d.state().usesCpu())
                .collect(Collectors.toUnmodifiableMap(DomainView::name, DomainView::cpuTimeNanos, (a, b) -> a)));
    }

    /**
     * The host's load between {@code earlier} and this sample, in whole percent up to 100; none when it cannot be told
     * (no CPUs reported, no time passed). Only guests running at both samples count: one started in between has no
     * first reading, one restarted has a CPU time that went back.
     */
    Optional<HostMetrics> loadSince(CpuSample earlier) {
        long elapsed = atNanos - earlier.atNanos;
        if (cpus <= 0 || elapsed <= 0) {
            return Optional.empty();
        }
        long used = 0;
        for (Map.Entry<String, Long> guest : guestCpuNanos.entrySet()) {
            Long before = earlier.guestCpuNanos.get(guest.getKey());
            if (before != null && guest.getValue() >= before) {
                used += guest.getValue() - before;
            }
        }
        long percent = Math.round(100.0 * used / ((double) elapsed * cpus));
        return Optional.of(new HostMetrics(host, (int) Math.min(100, percent)));
    }
}
