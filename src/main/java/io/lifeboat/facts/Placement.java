package io.lifeboat.facts;

import java.util.Comparator;
import java.util.List;

/**
 * Ranks the hosts that passed every eligibility rule and have room: members of the VM's ordered failover domain
 * by their priority first, then the most free memory, then the name, so the same input always gives the same host.
 * A pure function the placement rule calls; it decides nothing the rules did not allow.
 */
public final class Placement {
    private Placement() {
    }

    public static String best(List<HostLoad> candidates, List<FailoverDomain> domains) {
        FailoverDomain domain = domains.isEmpty() ? null : domains.get(0);
        return candidates.stream()
                .min(Comparator.<HostLoad>comparingInt(l -> domain == null ? 0 : domain.rank(l.host()))
                        .thenComparing(Comparator.comparingLong(HostLoad::memoryFreeMiB).reversed())
                        .thenComparing(HostLoad::host))
                .orElseThrow(() -> new IllegalArgumentException("no candidate host"))
                .host();
    }
}
