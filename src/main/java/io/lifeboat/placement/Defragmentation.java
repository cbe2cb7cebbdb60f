package io.lifeboat.placement;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.Vm;

/**
 * Makes room for a VM no host has room for, when the hosts it may use have room in aggregate: plans live migrations
 * of VMs running on one of them to other hosts, so that it fits there. Fewest moves first; among plans with as many
 * moves, the one that moves non-HA VMs and lower priorities, then the least memory. Every move lands within the
 * target's limits and the moved VM's declared constraints, counting the other moves of the plan, so no step breaks a
 * limit (the source only sheds load).
 */
public final class Defragmentation {
    /** The largest VMs of a host considered for moving (the combinations of up to the move bound are tried). */
    static final int CANDIDATES_PER_HOST = 12;

    /** One live migration of the plan. */
    public record Move(Vm vm, String target) {
    }

    /** Where the blocked VM will fit, and what to move away from there. */
    public record Plan(String host, List<Move> moves) {
    }

    private Defragmentation() {
    }

    /**
     * @param blocked the VM to make room for
     * @param cluster the UP hosts, their loads and what runs on them
     * @param forBlocked where the blocked VM may go (the rules' exclusions)
     * @param movable the VMs that may be moved, each running on an UP host with nothing in flight
     * @param maxMoves the most migrations a plan may have
     */
    public static Optional<Plan> plan(Demand blocked, FailoverReserve.Cluster cluster, Preferences forBlocked,
                                      List<Vm> movable, int maxMoves) {
        List<HostLoad> loads = cluster.loads().stream().sorted(Comparator.comparing(HostLoad::host)).toList();
        Preferences forMoved = new DeclaredConstraints(cluster);
        List<HostLoad> allowed = loads.stream().filter(l -> forBlocked.allows(blocked.vm(), l.host())).toList();
        long aggregate = allowed.stream().mapToLong(l -> Math.max(0, l.memoryFreeMiB())).sum();
        if (maxMoves <= 0 || aggregate < blocked.memoryMiB()) {
            return Optional.empty();
        }
        Map<String, List<Vm>> largest = LargestVms.perHost(movable, CANDIDATES_PER_HOST);
        for (int k = 1; k <= maxMoves; k++) {
            Candidate best = null;
            for (HostLoad host : allowed) {
                List<Vm> here = largest.getOrDefault(host.host(), List.of());
                long reachable = here.stream().limit(k).mapToLong(Vm::getMemoryMiB).sum();
                if (here.size() < k || host.memoryFreeMiB() + reachable < blocked.memoryMiB()) {
                    continue;
                }
                for (List<Vm> set : Combinations.of(here, k)) {
                    Candidate candidate = tryFreeing(blocked, host, set, loads, forMoved);
                    if (candidate != null && (best == null || candidate.isBetterThan(best))) {
                        best = candidate;
                    }
                }
            }
            if (best != null) {
                return Optional.of(new Plan(best.host, best.moves));
            }
        }
        return Optional.empty();
    }

    /** Moving {@code set} off {@code host}: does the blocked VM then fit there, and does every moved VM find room? */
    private static Candidate tryFreeing(Demand blocked, HostLoad host, List<Vm> set, List<HostLoad> loads,
                                        Preferences forMoved) {
        long memory = set.stream().mapToLong(Vm::getMemoryMiB).sum();
        long vcpus = set.stream().mapToLong(Vm::getVcpus).sum();
        if (host.memoryFreeMiB() + memory < blocked.memoryMiB() || host.vcpusFree() + vcpus < blocked.vcpus()) {
            return null;
        }
        List<HostLoad> others = loads.stream().filter(l -> !l.host().equals(host.host())).toList();
        List<Demand> demands = set.stream().map(Demand::of).toList();
        Assignment assignment = BatchPlacement.assign(demands, others, forMoved, 0);
        if (!assignment.unplaced().isEmpty()) {
            return null;
        }
        List<Move> moves = set.stream().map(vm -> new Move(vm, assignment.targets().get(vm.getName()))).toList();
        return new Candidate(host.host(), moves);
    }

    private record Candidate(String host, List<Move> moves) {
        boolean isBetterThan(Candidate other) {
            return Comparator.<Candidate>comparingLong(c -> c.moves.stream().filter(m -> m.vm().isHa()).count())
                    .thenComparingLong(c -> c.moves.stream().mapToLong(m -> m.vm().getPriority()).sum())
                    .thenComparingLong(c -> c.moves.stream().mapToLong(m -> m.vm().getMemoryMiB()).sum())
                    .thenComparing(c -> c.host)
                    .compare(this, other) < 0;
        }
    }
}
