package io.lifeboat.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lifeboat.facts.Vm;

/** The VMs whose going frees a host fastest: what defragmentation moves and preemption stops are chosen among. */
final class LargestVms {
    private LargestVms() {
    }

    /** Per host, its largest {@code limit} VMs of {@code vms}, largest first (then by name). */
    static Map<String, List<Vm>> perHost(Collection<Vm> vms, int limit) {
        Map<String, List<Vm>> byHost = new HashMap<>();
        vms.forEach(vm -> byHost.computeIfAbsent(vm.getHost(), h -> new ArrayList<>()).add(vm));
        byHost.replaceAll((host, here) -> here.stream()
                .sorted(Comparator.comparingLong(Vm::getMemoryMiB).reversed().thenComparing(Vm::getName))
                .limit(limit).toList());
        return byHost;
    }
}
