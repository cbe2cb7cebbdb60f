package io.lifeboat.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lifeboat.actions.ActionType;
import io.lifeboat.facts.StartInterrupted;
import io.lifeboat.facts.Vm;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.store.JournalStore;

/**
 * Where VMs really are when Lifeboat starts. The store says where each VM was configured; the hypervisors that
 * answer say where it runs now (it may have been restarted elsewhere before Lifeboat stopped), and they win.
 */
final class StartupReconciliation {
    private static final String VM_SUBJECT = "vm/";

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

    /**
     * What the actions a stop of Lifeboat cut short leave behind: a start may have happened, so its VM waits until a
     * hypervisor shows where it is (like a start that timed out). Other actions are decided again from the facts.
     */
    static List<StartInterrupted> waits(List<JournalStore.Interrupted> interrupted) {
        return interrupted.stream().filter(i -> i.type().equals(ActionType.START_VM.name()))
                .map(i -> new StartInterrupted(i.subject().substring(VM_SUBJECT.length()))).distinct().toList();
    }

    private static Optional<String> runningOn(String vm, Map<String, HostInventory> answered) {
        return answered.values().stream()
                .filter(i -> i.holds(vm))
                .map(HostInventory::host).sorted().findFirst();
    }

}
