package io.lifeboat.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lifeboat.actions.ActionType;
import io.lifeboat.actions.InterruptedAction;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FencingStartupGrace;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.facts.StartInterrupted;
import io.lifeboat.facts.Vm;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.VmSpec;

/**
 * Where VMs really are when Lifeboat starts. The store says where each VM was configured; the hypervisors that
 * answer say where it runs now (it may have been restarted elsewhere before Lifeboat stopped), and they win. The live
 * service builds its session through here when it starts, and simulate when a scenario restarts Lifeboat
 * ({@code LIFEBOAT_RESTART}), so both start from the same facts.
 */
public final class StartupReconciliation {
    private static final String VM_SUBJECT = "vm/";

    private StartupReconciliation() {
    }

    /**
     * Fills a fresh session as Lifeboat starts: the configuration's settings, hosts, fence levels, domains and VMs,
     * each VM where a hypervisor that answered runs it; a wait for every start a stop cut short; what the answering
     * hosts run; and, for every host, an assumed heartbeat (each gets the heartbeat timeout, counted from now, to
     * show that it is alive). Fencing waits for {@code startupGrace} when it is more than zero.
     *
     * @return the VM facts inserted, in the configuration's order
     */
    public static List<Vm> startSession(PolicySession session, ClusterSettings settings, Duration startupGrace,
                                        Instant now, List<HostSpec> hosts, List<FailoverDomainSpec> domains,
                                        List<VmSpec> vmSpecs, Map<String, HostInventory> answered,
                                        List<InterruptedAction> interrupted) {
        session.insert(settings);
        if (startupGrace.compareTo(Duration.ZERO) > 0) {
            session.insert(new FencingStartupGrace(now, startupGrace));
        }
        for (HostSpec host : hosts) {
            session.insert(ScenarioFacts.host(host));
            ScenarioFacts.fenceLevels(host).forEach(session::insert);
        }
        domains.forEach(d -> session.insert(ScenarioFacts.domain(d)));
        List<Vm> vms = vmSpecs.stream().map(v -> fact(ScenarioFacts.vm(v), answered)).toList();
        vms.forEach(session::insert);
        waits(interrupted).forEach(session::insert);
        answered.forEach((host, inventory) -> session.observe(host, inventory.presentVms()));
        long seq = 0;
        for (HostSpec host : hosts) {
            session.insert(new Heartbeat(host.name(), --seq, HeartbeatSource.ASSUMED));
        }
        return vms;
    }

    /** The VM's fact: running where a hypervisor runs it, else as the store says. */
    static Vm fact(Vm configured, Map<String, HostInventory> answered) {
        return runningOn(configured.getName(), answered).map(host -> {
            configured.markRunningOn(host);
            return configured;
        }).orElse(configured);
    }

    /** What the hypervisors that answered say of a VM, for the journal. */
    public static String whereIs(String vm, Map<String, HostInventory> answered) {
        return runningOn(vm, answered).map(host -> vm + " runs on " + host)
                .orElse(vm + " runs on none of the hosts that answered " + List.copyOf(answered.keySet()));
    }

    /**
     * What the actions a stop of Lifeboat cut short leave behind: a start may have happened, so its VM waits until a
     * hypervisor shows where it is (like a start that timed out). Other actions are decided again from the facts.
     */
    static List<StartInterrupted> waits(List<InterruptedAction> interrupted) {
        return interrupted.stream().filter(i -> i.type().equals(ActionType.START_VM.name()))
                .map(i -> new StartInterrupted(i.subject().substring(VM_SUBJECT.length()))).distinct().toList();
    }

    private static Optional<String> runningOn(String vm, Map<String, HostInventory> answered) {
        return answered.values().stream()
                .filter(i -> i.holds(vm))
                .map(HostInventory::host).sorted().findFirst();
    }
}
