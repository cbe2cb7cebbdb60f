package io.lifeboat.actions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.Ineligible;
import io.lifeboat.facts.PlacementRequest;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.Weight;
import io.lifeboat.placement.Assignment;
import io.lifeboat.placement.BatchPlacement;
import io.lifeboat.placement.Demand;
import io.lifeboat.placement.RulePreferences;

/** Turns the placement rule's batch into actions on the hosts batch placement chose (kept here: facts depend on nothing). */
public final class Placements {
    private Placements() {
    }

    /**
     * Places the VMs of the pending requests together on the UP hosts' loads, within the exclusions and preferences
     * the rules derived.
     *
     * @return one start or migration per VM that found a host, in placement order
     */
    public static List<Action> serve(Collection<PlacementRequest> requests, Collection<Vm> vms,
                                     Collection<HostLoad> upHostLoads, Collection<Ineligible> ineligible,
                                     Collection<FailoverDomain> domains, Collection<Weight> weights) {
        Map<String, Vm> vmByName = new HashMap<>();
        vms.forEach(vm -> vmByName.put(vm.getName(), vm));
        Map<String, PlacementRequest> requestByVm = new HashMap<>();
        requests.forEach(r -> requestByVm.put(r.vm(), r));
        List<Demand> demands = requestByVm.keySet().stream().map(vmByName::get)
                .map(vm -> new Demand(vm.getName(), vm.getMemoryMiB(), vm.getVcpus(), vm.getPriority(), vm.getAntiAffinity()))
                .toList();
        Assignment assignment = BatchPlacement.assign(demands, List.copyOf(upHostLoads),
                new RulePreferences(vmByName.values(), domains, ineligible, weights));
        String batch = demands.size() == 1 ? "" : " (batch of " + demands.size() + ", " + assignment.targets().size()
                + " placed by " + assignment.method() + ")";
        List<Action> actions = new ArrayList<>();
        assignment.targets().forEach((name, target) -> {
            Vm vm = vmByName.get(name);
            PlacementRequest request = requestByVm.get(name);
            actions.add(actionFor(request, vm, target, request.kind() + ": " + target + " has room for "
                    + vm.getMemoryMiB() + " MiB and " + vm.getVcpus() + " vCPUs"
                    + (vm.getHost() == null || target.equals(vm.getHost()) ? "" : " (from " + vm.getHost() + ")") + batch));
        });
        return actions;
    }

    private static Action actionFor(PlacementRequest request, Vm vm, String target, String reason) {
        return switch (request.kind()) {
            case FAILOVER -> StartVm.afterFence(vm, target, reason);
            case RESTART, RELOCATE, START -> StartVm.ofStoppedVm(vm, target, reason);
            case EVACUATE -> new MigrateVm(vm, target, reason);
        };
    }
}
