package io.lifeboat.hypervisor;

import java.util.List;

/** What one probe of a host saw. */
public record HostInventory(String host, int cpus, long memoryMiB, List<DomainView> domains) {

    public boolean runs(String vm) {
        return domains.stream().anyMatch(d -> d.running() && d.name().equals(vm));
    }
}
