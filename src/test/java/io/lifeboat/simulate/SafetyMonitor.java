package io.lifeboat.simulate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks Lifeboat's two safety invariants against the simulated world's physical truth, at every moment: (a) no VM
 * runs on two hosts (a silent host that is not powered off still runs its VMs), (b) no VM is started (or migrated)
 * anywhere while the host it last ran on (for a migration: its source) is silent and powered on, i.e. not switched
 * off by a fence or by hand.
 *
 * <p>Copies an operator makes (VM_STARTED_OUTSIDE while the VM runs elsewhere) are the world's doing, not Lifeboat's:
 * as many copies as the world made are excused until the VM runs on at most one host again (a migration may move one
 * of them); a copy Lifeboat adds is never excused.
 */
final class SafetyMonitor implements SimulatedCluster.Watch {
    private final Set<String> vms;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Integer> excused = new HashMap<>();
    private final Map<String, String> lastHost = new HashMap<>();
    private long moments;
    private long starts;

    SafetyMonitor(Set<String> vms) {
        this.vms = vms;
    }

    @Override
    public void starting(SimulatedCluster world, String vm, String from, String target) {
        starts++;
        String previous = from != null ? from : lastHost.get(vm);
        if (previous != null && !previous.equals(target) && world.poweredOn(previous) && !world.answers(previous)) {
            violations.add("START BEFORE FENCE: " + vm + " started on " + target + " while its last host "
                    + previous + " is silent and not powered off");
        }
    }

    @Override
    public void moment(SimulatedCluster world, String what, boolean byLifeboat) {
        moments++;
        for (String vm : vms) {
            Set<String> on = world.physicallyRunning(vm);
            if (on.size() == 1) {
                lastHost.put(vm, on.iterator().next());
            }
            if (on.size() <= 1) {
                excused.remove(vm);
            } else if (!byLifeboat) {
                excused.put(vm, on.size());
            } else if (on.size() > excused.getOrDefault(vm, 1)) {
                violations.add("TWO RUNNING COPIES: " + vm + " runs on " + on + " after " + what);
            }
        }
    }

    List<String> violations() {
        return violations;
    }

    long moments() {
        return moments;
    }

    long starts() {
        return starts;
    }
}
