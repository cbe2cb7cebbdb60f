package io.lifeboat.hypervisor;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What one probe of a host saw. */
public record HostInventory(String host, int cpus, long memoryMiB, List<DomainView> domains) {

    /** The VMs present on the host: every domain that is not shut off. */
    public Set<String> presentVms() {
        return domains.stream().filter(DomainView::present).map(DomainView::name).collect(Collectors.toSet());
    }

    /** The state of the VM's copy on this host, if one is present (any state but shut off). */
    public Optional<DomainState> copyOf(String vm) {
        return domains.stream().filter(d -> d.present() && d.name().equals(vm)).map(DomainView::state).findFirst();
    }

    public boolean holds(String vm) {
        return copyOf(vm).isPresent();
    }
}
