package io.lifeboat.facts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Would the cluster absorb the HA VMs of {@code hostFailuresToTolerate} failed hosts? The worst case is taken as the
 * hosts that carry the most HA memory; their HA VMs are placed largest first on the hosts left, each within the
 * overcommit limits. A pure function the capacity rule calls.
 */
public final class FailoverCapacity {
    private FailoverCapacity() {
    }

    /** @return why the cluster falls short, or empty if it absorbs the worst-case failure */
    public static Optional<String> shortfall(List<Host> upHosts, List<Vm> runningVms, ClusterSettings settings) {
        int failures = settings.hostFailuresToTolerate();
        if (failures <= 0 || upHosts.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> haMemory = new HashMap<>();
        runningVms.stream().filter(Vm::isHa)
                .forEach(v -> haMemory.merge(v.getHost(), v.getMemoryMiB(), Long::sum));
        List<Host> worst = upHosts.stream()
                .sorted(Comparator.comparingLong((Host h) -> haMemory.getOrDefault(h.getName(), 0L)).reversed()
                        .thenComparing(Host::getName))
                .limit(failures).toList();
        List<String> failed = worst.stream().map(Host::getName).toList();
        Map<String, long[]> free = new HashMap<>();
        for (Host h : upHosts) {
            if (!failed.contains(h.getName())) {
                free.put(h.getName(), new long[] {(long) (h.getMemoryMiB() * settings.memoryOvercommit()),
                        (long) (h.getCpus() * settings.vcpuOvercommit())});
            }
        }
        runningVms.stream().filter(v -> free.containsKey(v.getHost())).forEach(v -> {
            long[] room = free.get(v.getHost());
            room[0] -= v.getMemoryMiB();
            room[1] -= v.getVcpus();
        });
        List<Vm> displaced = new ArrayList<>(runningVms.stream()
                .filter(v -> v.isHa() && failed.contains(v.getHost())).toList());
        displaced.sort(Comparator.comparingLong(Vm::getMemoryMiB).reversed().thenComparing(Vm::getName));
        List<String> homeless = new ArrayList<>();
        for (Vm vm : displaced) {
            Optional<long[]> room = free.values().stream()
                    .filter(r -> r[0] >= vm.getMemoryMiB() && r[1] >= vm.getVcpus())
                    .max(Comparator.comparingLong(r -> r[0]));
            if (room.isPresent()) {
                room.get()[0] -= vm.getMemoryMiB();
                room.get()[1] -= vm.getVcpus();
            } else {
                homeless.add(vm.getName());
            }
        }
        if (homeless.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("losing " + failed + " would leave HA VMs " + homeless + " without room within memoryOvercommit "
                + settings.memoryOvercommit() + " and vcpuOvercommit " + settings.vcpuOvercommit());
    }
}
