package io.lifeboat.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lifeboat.facts.HostLoad;
import io.lifeboat.placement.Demand;
import io.lifeboat.placement.Preferences;

/**
 * The one-VM-at-a-time placements peers use, as yardsticks for batch placement: VMs in priority order, then largest
 * first, each on the first host with room (first fit) or on the one with the most free memory (worst fit, what
 * Lifeboat did before batch placement and what Pacemaker's balanced strategy comes close to).
 */
public final class GreedyPlacement {
    public enum Fit { FIRST, WORST }

    private GreedyPlacement() {
    }

    /** @return VM to host for the VMs placed */
    public static Map<String, String> place(List<Demand> demands, List<HostLoad> loads, Preferences preferences, Fit fit) {
        List<HostLoad> hosts = new ArrayList<>(loads);
        hosts.sort(Comparator.comparing(HostLoad::host));
        Map<String, long[]> free = new HashMap<>();
        Map<String, Set<String>> groups = new HashMap<>();
        hosts.forEach(h -> {
            free.put(h.host(), new long[] {h.memoryFreeMiB(), h.vcpusFree()});
            groups.put(h.host(), new HashSet<>());
        });
        List<Demand> ordered = new ArrayList<>(demands);
        ordered.sort(Comparator.comparingInt(Demand::priority).reversed()
                .thenComparing(Comparator.comparingLong(Demand::memoryMiB).reversed()).thenComparing(Demand::vm));
        Map<String, String> placed = new HashMap<>();
        for (Demand d : ordered) {
            String chosen = null;
            for (HostLoad h : hosts) {
                long[] room = free.get(h.host());
                boolean fits = preferences.allows(d.vm(), h.host()) && room[0] >= d.memoryMiB() && room[1] >= d.vcpus()
                        && (d.antiAffinity() == null || !groups.get(h.host()).contains(d.antiAffinity()));
                if (fits && (chosen == null || fit == Fit.WORST && room[0] > free.get(chosen)[0])) {
                    chosen = h.host();
                    if (fit == Fit.FIRST) {
                        break;
                    }
                }
            }
            if (chosen != null) {
                free.get(chosen)[0] -= d.memoryMiB();
                free.get(chosen)[1] -= d.vcpus();
                if (d.antiAffinity() != null) {
                    groups.get(chosen).add(d.antiAffinity());
                }
                placed.put(d.vm(), chosen);
            }
        }
        return placed;
    }
}
