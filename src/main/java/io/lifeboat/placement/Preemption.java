package io.lifeboat.placement;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.Vm;

/**
 * Makes room for an HA VM no host has room for by stopping VMs on one host it may use (the cluster setting
 * {@code preempt}): fewest stops first; among plans with as many, the lowest priorities, then the least memory
 * stopped, then the host's name. Which VMs may be stopped is the rule's to say (running non-HA VMs of a lower priority
 * on a host that answers, with nothing in flight); this only chooses among them.
 */
public final class Preemption {
    /** The largest candidates of a host considered for stopping (every combination of them is tried). */
    static final int CANDIDATES_PER_HOST = 12;

    /** Where the blocked VM will fit, and what to stop there. */
    public record Plan(String host, List<Vm> stops) {
    }

    private Preemption() {
    }

    /**
     * @param blocked the HA VM to make room for
     * @param loads the UP hosts' loads
     * @param forBlocked where the blocked VM may go (the rules' exclusions)
     * @param candidates the VMs that may be stopped
     */
    public static Optional<Plan> plan(Demand blocked, List<HostLoad> loads, Preferences forBlocked,
                                      List<Vm> candidates) {
        Map<String, List<Vm>> largest = LargestVms.perHost(candidates, CANDIDATES_PER_HOST);
        List<HostLoad> allowed = loads.stream().filter(l -> largest.containsKey(l.host()))
                .filter(l -> forBlocked.allows(blocked.vm(), l.host()))
                .sorted(Comparator.comparing(HostLoad::host)).toList();
        for (int k = 1; k <= CANDIDATES_PER_HOST; k++) {
            Plan best = null;
            for (HostLoad host : allowed) {
                List<Vm> here = largest.get(host.host());
                long reachable = here.stream().limit(k).mapToLong(Vm::getMemoryMiB).sum();
                if (here.size() < k || host.memoryFreeMiB() + reachable < blocked.memoryMiB()) {
                    continue; // even its k largest would not free the memory
                }
                for (List<Vm> set : Combinations.of(here, k)) {
                    Plan plan = new Plan(host.host(), set);
                    if (frees(blocked, host, set) && (best == null || isBetter(plan, best))) {
                        best = plan;
                    }
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    /** Whether the blocked VM fits on the host once {@code set} is stopped. */
    static boolean frees(Demand blocked, HostLoad host, List<Vm> set) {
        long memory = set.stream().mapToLong(Vm::getMemoryMiB).sum();
        long vcpus = set.stream().mapToLong(Vm::getVcpus).sum();
        return host.memoryFreeMiB() + memory >= blocked.memoryMiB() && host.vcpusFree() + vcpus >= blocked.vcpus();
    }

    private static boolean isBetter(Plan plan, Plan other) {
        return Comparator.<Plan>comparingLong(p -> p.stops.stream().mapToLong(Vm::getPriority).sum())
                .thenComparingLong(p -> p.stops.stream().mapToLong(Vm::getMemoryMiB).sum())
                .thenComparing(Plan::host)
                .compare(plan, other) < 0;
    }
}
