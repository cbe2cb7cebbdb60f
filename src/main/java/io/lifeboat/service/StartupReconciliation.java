package io.lifeboat.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lifeboat.facts.Vm;
import io.lifeboat.hypervisor.HostInventory;

/**
 * Where VMs really are when Lifeboat starts. The store says where each VM was configured; the hypervisors that
 * answer say where it runs now (it may have been restarted elsewhere before Lifeboat stopped), and they win.
 */
final class StartupReconciliation {
    private StartupReconciliation() {
    }

    /** The VM's fact: running where a hypervisor runs it, else as the store says. */
    static Vm fact(Vm configured, Map<String, HostInventory> answered) {
        return runningOn(configured.getName(), answered).map(host -> {
            configured.markRunningOn(host);
            return configured;
        }).orElse(configured);
    }

    /** What the hypervisors that answered say of a VM, for the journal. */
    static String whereIs(String vm, Map<String, HostInventory> answered) {
        return runningOn(vm, answered).map(host -> vm + " runs on " + host)
                .orElse(vm + " runs on none of the hosts that answered " + List.copyOf(answered.keySet()));
    }

    private static Optional<String> runningOn(String vm, Map<String, HostInventory> answered) {
        return answered.values().stream()
                .filter(i -> i.holds(vm))
                .map(HostInventory::host).sorted().findFirst();
    }

}
