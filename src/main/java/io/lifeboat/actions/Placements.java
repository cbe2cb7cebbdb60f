package io.lifeboat.actions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.lifeboat.facts.AdmissionRefused;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.Ineligible;
import io.lifeboat.facts.PlacementRequest;
import io.lifeboat.facts.RoomBeingMade;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmStartRequested;
import io.lifeboat.facts.Weight;
import io.lifeboat.placement.Assignment;
import io.lifeboat.placement.BatchPlacement;
import io.lifeboat.placement.Defragmentation;
import io.lifeboat.placement.Demand;
import io.lifeboat.placement.FailoverReserve;
import io.lifeboat.placement.Preemption;
import io.lifeboat.placement.RulePreferences;

/**
 * Turns the placement rule's batch into actions on the hosts batch placement chose, after admission control (kept
 * here: facts depend on nothing).
 */
public final class Placements {
    /** How long a preempted VM's guest is given to shut down before it is destroyed. */
    public static final Duration PREEMPT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private Placements() {
    }

    /**
     * What the placement rule matched.
     *
     * @param pending the requests to serve now
     * @param vms the VMs of every request
     * @param upHostLoads the loads of the UP hosts
     * @param upHosts the UP hosts
     * @param running the VMs running
     * @param starts operators' start requests (admission control applies to them unless forced)
     */
    public record Batch(Collection<PlacementRequest> pending, Collection<Vm> vms, Collection<HostLoad> upHostLoads,
                        Collection<Host> upHosts, Collection<Vm> running, Collection<Ineligible> ineligible,
                        Collection<FailoverDomain> domains, Collection<Weight> weights,
                        Collection<VmStartRequested> starts) {
    }

    /**
     * What to do: start or move the VMs placed, and which operators' starts are refused to keep the failover reserve.
     */
    public record Decision(List<Action> actions, Map<String, String> refused) {

        /** The refusals stated before that no longer hold. */
        public List<AdmissionRefused> stale(Collection<AdmissionRefused> stated) {
            return stated.stream().filter(r -> !r.reason().equals(refused.get(r.vm()))).toList();
        }

        /** The refusals not stated yet. */
        public List<AdmissionRefused> fresh(Collection<AdmissionRefused> stated) {
            Set<AdmissionRefused> known = new HashSet<>(stated);
            return refused.entrySet().stream().map(e -> new AdmissionRefused(e.getKey(), e.getValue()))
                    .filter(r -> !known.contains(r)).toList();
        }
    }

    public static Decision serve(Batch batch, ClusterSettings settings) {
        Map<String, Vm> vmByName = new HashMap<>();
        batch.vms().forEach(vm -> vmByName.put(vm.getName(), vm));
        Map<String, PlacementRequest> requestByVm = new HashMap<>();
        batch.pending().forEach(r -> requestByVm.put(r.vm(), r));
        RulePreferences preferences = new RulePreferences(vmByName.values(), batch.domains(), batch.ineligible(),
                batch.weights());
        List<PlacementRequest> needs = requestByVm.values().stream().filter(r -> !r.isMoveOfARunningVm()).toList();
        List<PlacementRequest> moves = requestByVm.values().stream().filter(PlacementRequest::isMoveOfARunningVm).toList();
        Assignment first = assign(needs, List.copyOf(batch.upHostLoads()), vmByName, preferences);
        Map<String, String> targets = new LinkedHashMap<>(first.targets());
        Map<String, String> refused = admit(batch, settings, targets, requestByVm, vmByName);
        Assignment second = assign(moves, loadsAfter(batch.upHostLoads(), targets, vmByName), vmByName, preferences);
        targets.putAll(second.targets());
        String summary = summary(needs.size(), first) + summary(moves.size(), second);
        List<Action> actions = new ArrayList<>();
        targets.forEach((name, target) -> {
            Vm vm = vmByName.get(name);
            PlacementRequest request = requestByVm.get(name);
            actions.add(actionFor(request, vm, target, request.kind() + ": " + target + " has room for "
                    + vm.getMemoryMiB() + " MiB and " + vm.getVcpus() + " vCPUs"
                    + (vm.getHost() == null || target.equals(vm.getHost()) ? "" : " (from " + vm.getHost() + ")")
                    + forcedBy(batch, request) + summary));
        });
        return new Decision(actions, refused);
    }

    /** The rule fires often while a VM waits for room: an empty half of the batch costs nothing. */
    private static Assignment assign(List<PlacementRequest> requests, List<HostLoad> loads, Map<String, Vm> vmByName,
                                     RulePreferences preferences) {
        return requests.isEmpty() ? Assignment.NONE
                : BatchPlacement.assign(requests.stream().map(r -> Demand.of(vmByName.get(r.vm()))).toList(), loads,
                        preferences);
    }

    /** The loads once the VMs placed so far are on their targets. */
    private static List<HostLoad> loadsAfter(Collection<HostLoad> loads, Map<String, String> targets,
                                             Map<String, Vm> vmByName) {
        Map<String, long[]> coming = new HashMap<>();
        targets.forEach((vm, host) -> {
            long[] sum = coming.computeIfAbsent(host, h -> new long[2]);
            sum[0] += vmByName.get(vm).getMemoryMiB();
            sum[1] += vmByName.get(vm).getVcpus();
        });
        return loads.stream().map(l -> {
            long[] sum = coming.get(l.host());
            return sum == null ? l : l.plus(sum[0], sum[1]);
        }).toList();
    }

    private static String summary(int size, Assignment assignment) {
        return size <= 1 ? "" : " (batch of " + size + ", " + assignment.targets().size() + " placed by "
                + assignment.method() + ")";
    }

    /**
     * Admission control: each operator's start placed, in placement order, is kept only if the worst failure of
     * hostFailuresToTolerate hosts leaves no more HA VMs without room than before it (priority by priority), or if
     * it was forced. Recovery (failover, restarts, evacuation) is never refused: the reserve exists for it.
     *
     * @return the refused VMs (taken out of {@code targets}) with the reason
     */
    private static Map<String, String> admit(Batch batch, ClusterSettings settings, Map<String, String> targets,
                                             Map<String, PlacementRequest> requestByVm, Map<String, Vm> vmByName) {
        Map<String, String> refused = new LinkedHashMap<>();
        int k = settings.hostFailuresToTolerate();
        Set<String> admissible = targets.keySet().stream().filter(vm -> needsAdmission(batch, requestByVm.get(vm)))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (k <= 0 || admissible.isEmpty()) {
            return refused;
        }
        FailoverReserve.Cluster cluster = new FailoverReserve.Cluster(batch.upHostLoads(), batch.upHosts(),
                batch.running(), batch.domains());
        for (Map.Entry<String, String> placed : targets.entrySet()) {
            if (!admissible.contains(placed.getKey())) {
                cluster = cluster.starting(vmByName.get(placed.getKey()), placed.getValue());
            }
        }
        FailoverReserve.Worst before = FailoverReserve.worst(cluster, k);
        for (String name : admissible) {
            String target = targets.get(name);
            FailoverReserve.Cluster after = cluster.starting(vmByName.get(name), target);
            FailoverReserve.Worst worst = FailoverReserve.worst(after, k);
            if (before != null && worst != null && worst.isWorseThan(before)) {
                targets.remove(name);
                refused.put(name, "starting " + name + " on " + target + " would eat the reserve for "
                        + "hostFailuresToTolerate " + k + ": " + worst.describe(settings.memoryOvercommit(),
                        settings.vcpuOvercommit()) + "; an operator can force the start");
            } else {
                cluster = after;
                before = worst;
            }
        }
        return refused;
    }

    /**
     * Defragmentation: live migrations that free one host the blocked VM may use, so it fits there, or none. The
     * {@link RoomBeingMade} fact comes first, then the migrations.
     */
    public static List<Object> makeRoom(Vm blocked, Collection<HostLoad> upHostLoads, Collection<Host> upHosts,
                                        Collection<Vm> running, Collection<Vm> movable,
                                        Collection<Ineligible> ineligible, Collection<FailoverDomain> domains,
                                        ClusterSettings settings) {
        FailoverReserve.Cluster cluster = new FailoverReserve.Cluster(upHostLoads, upHosts, running, domains);
        Demand demand = Demand.of(blocked);
        List<Vm> candidates = movable.stream().filter(vm -> !vm.getName().equals(blocked.getName()))
                .sorted(Comparator.comparing(Vm::getName)).toList();
        return Defragmentation.plan(demand, cluster, new RulePreferences(List.of(blocked), domains, ineligible, List.of()),
                candidates, settings.defragmentMoves()).<List<Object>>map(plan -> {
                    List<Object> facts = new ArrayList<>();
                    facts.add(new RoomBeingMade(blocked.getName(), plan.host()));
                    plan.moves().forEach(move -> facts.add(new MigrateVm(move.vm(), move.target(), "making room on "
                            + plan.host() + " for " + blocked.getName() + " (" + blocked.getMemoryMiB() + " MiB, blocked "
                            + "NO_CAPACITY): " + move.vm().getName() + " moves to " + move.target() + ", "
                            + plan.moves().size() + " move(s) in all")));
                    return facts;
                }).orElse(List.of());
    }

    /**
     * Preemption: stops of lower-priority non-HA VMs that free one host the blocked HA VM may use, or none. The
     * {@link RoomBeingMade} fact comes first, then per VM its stop (a graceful shutdown, destroyed after
     * {@link #PREEMPT_SHUTDOWN_GRACE}) and the alert that tells operators.
     */
    public static List<Object> preempt(Vm blocked, Collection<HostLoad> upHostLoads, Collection<Vm> candidates,
                                       Collection<Ineligible> ineligible, Collection<FailoverDomain> domains) {
        List<Vm> sorted = candidates.stream().sorted(Comparator.comparing(Vm::getName)).toList();
        RulePreferences forBlocked = new RulePreferences(List.of(blocked), domains, ineligible, List.of());
        Optional<Preemption.Plan> found = Preemption.plan(Demand.of(blocked), List.copyOf(upHostLoads), forBlocked,
                sorted);
        return found.<List<Object>>map(plan -> {
                    List<Object> facts = new ArrayList<>();
                    facts.add(new RoomBeingMade(blocked.getName(), plan.host()));
                    String why = "making room on " + plan.host() + " for HA VM " + blocked.getName() + " (priority "
                            + blocked.getPriority() + ", " + blocked.getMemoryMiB() + " MiB, blocked NO_CAPACITY): "
                            + plan.stops().size() + " lower-priority VM(s) stopped";
                    for (Vm stopped : plan.stops()) {
                        facts.add(StopVm.preempting(stopped.getName(), plan.host(), PREEMPT_SHUTDOWN_GRACE, why));
                        facts.add(new Alert("vm/" + stopped.getName(), "VM_PREEMPTED", stopped.getName()
                                + " (priority " + stopped.getPriority() + ") is being stopped on " + plan.host()
                                + " to make room for HA VM " + blocked.getName() + " (priority "
                                + blocked.getPriority() + "): it stays stopped until someone starts it"));
                    }
                    return facts;
                }).orElse(List.of());
    }

    private static boolean needsAdmission(Batch batch, PlacementRequest request) {
        return request.kind() == PlacementRequest.Kind.START
                && batch.starts().stream().anyMatch(s -> s.vm().equals(request.vm()))
                && batch.starts().stream().noneMatch(s -> s.vm().equals(request.vm()) && s.isForced());
    }

    private static String forcedBy(Batch batch, PlacementRequest request) {
        return request.kind() != PlacementRequest.Kind.START ? "" : batch.starts().stream()
                .filter(s -> s.vm().equals(request.vm()) && s.isForced()).findFirst()
                .map(s -> ", forced by " + s.forcedBy() + " past the failover reserve").orElse("");
    }

    private static Action actionFor(PlacementRequest request, Vm vm, String target, String reason) {
        return switch (request.kind()) {
            case FAILOVER -> StartVm.afterFence(vm, target, reason);
            case RESTART, RELOCATE, START -> StartVm.ofStoppedVm(vm, target, reason);
            case EVACUATE, FAILBACK -> new MigrateVm(vm, target, reason);
        };
    }
}
