package io.lifeboat.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.lifeboat.simulate.Scenario.EventSpec;
import io.lifeboat.simulate.Scenario.EventType;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.lifeboat.simulate.Scenario.FaultMode;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.HostSpecState;
import io.lifeboat.simulate.Scenario.InFlight;
import io.lifeboat.simulate.Scenario.MemberSpec;
import io.lifeboat.simulate.Scenario.RecoverySpec;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.Scenario.VmSpecState;

/**
 * Random timelines from a seed, over small random clusters: 2-5 hosts with 0-2 fence levels of 1-2 devices, 1-8 VMs
 * with random recovery policies, sometimes a failover domain; events of every kind, with Lifeboat restarts often put
 * at the instant something is decided (after another event, or when a silent host falls due for fencing) so that the
 * actions in flight are cut short. The same seed always gives the same scenario.
 */
final class TimelineGenerator {
    private static final int HORIZON_SECONDS = 240;
    private static final String[] AGENTS = {"fence_ipmilan", "fence_apc_snmp", "fence_redfish"};

    private TimelineGenerator() {
    }

    static Scenario timeline(long seed) {
        Random r = new Random(seed);
        int heartbeatTimeout = 10 + r.nextInt(21);
        int fencingGrace = r.nextInt(3) == 0 ? 5 : 0;
        int retryInitial = 10 + r.nextInt(21);
        // Placement's moves are in play too: defragmentation (0 to 3 moves), failback within the horizon, weights,
        // and preemption of lower-priority non-HA VMs.
        ClusterSpec cluster = new ClusterSpec("p" + seed, null, r.nextBoolean() ? 1.0 : 1.5, null, r.nextInt(2),
                heartbeatTimeout, r.nextInt(3) == 0 ? 1.0 : 0.5, 5 + r.nextInt(16), null, fencingGrace,
                retryInitial, retryInitial * (1 + r.nextInt(4)), r.nextInt(4), r.nextBoolean() ? 5 + r.nextInt(40) : null,
                r.nextInt(3) == 0 ? 10.0 : null, r.nextInt(3) == 0 ? 10.0 : null, r.nextBoolean() ? true : null);

        int hostCount = 2 + r.nextInt(4);
        List<HostSpec> hosts = new ArrayList<>();
        for (int i = 1; i <= hostCount; i++) {
            List<FenceLevelSpec> fencing = new ArrayList<>();
            if (r.nextInt(10) > 0) {
                int levels = 1 + r.nextInt(2);
                for (int level = 1; level <= levels; level++) {
                    int devices = 1 + r.nextInt(2);
                    for (int d = 0; d < devices; d++) {
                        fencing.add(new FenceLevelSpec(level, AGENTS[r.nextInt(AGENTS.length)], Map.of()));
                    }
                }
            }
            int roll = r.nextInt(20);
            HostSpecState state = roll == 0 ? HostSpecState.DOWN : roll == 1 ? HostSpecState.FENCED
                    : roll == 2 ? HostSpecState.MAINTENANCE : null;
            hosts.add(new HostSpec("h" + i, null, null, null, 8 + 8 * r.nextInt(3), 16384L * (1 + r.nextInt(3)),
                    state, null, null, null, fencing, null));
        }

        List<FailoverDomainSpec> domains = new ArrayList<>();
        if (r.nextInt(3) == 0) {
            List<MemberSpec> members = new ArrayList<>();
            for (HostSpec h : hosts) {
                if (r.nextBoolean()) {
                    members.add(new MemberSpec(h.name(), 1 + r.nextInt(3)));
                }
            }
            domains.add(new FailoverDomainSpec("fd", r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), members));
        }

        int vmCount = 1 + r.nextInt(8);
        List<VmSpec> vms = new ArrayList<>();
        RecoverySpec[] recoveries = RecoverySpec.values();
        for (int i = 1; i <= vmCount; i++) {
            boolean running = r.nextInt(4) > 0;
            String host = running ? hosts.get(r.nextInt(hostCount)).name() : null;
            // Now and then a large VM, so that capacity runs short and room must be made.
            vms.add(new VmSpec("vm" + i, 1 + r.nextInt(4), 1024L * (1 + r.nextInt(r.nextInt(4) == 0 ? 24 : 8)), host,
                    running ? VmSpecState.RUNNING : VmSpecState.STOPPED, r.nextInt(5) > 0, null, r.nextInt(3) * 10,
                    null, null, domains.isEmpty() || r.nextBoolean() ? null : "fd",
                    r.nextInt(4) == 0 ? "aa" : null, recoveries[r.nextInt(recoveries.length)], r.nextInt(4),
                    r.nextBoolean() ? 0 : 60 * (1 + r.nextInt(10))));
        }

        int eventCount = 3 + r.nextInt(14);
        List<EventSpec> events = new ArrayList<>();
        for (int i = 0; i < eventCount; i++) {
            events.add(event(r, hosts, vms, events, heartbeatTimeout + fencingGrace));
        }
        return new Scenario(cluster, hosts, vms, domains, events, r.nextInt(4) == 0 ? r.nextInt(20) : null);
    }

    private static EventSpec event(Random r, List<HostSpec> hosts, List<VmSpec> vms, List<EventSpec> earlier,
                                   int dueForFencing) {
        double at = r.nextInt(HORIZON_SECONDS * 2) / 2.0;
        String host = hosts.get(r.nextInt(hosts.size())).name();
        String vm = vms.get(r.nextInt(vms.size())).name();
        int kind = r.nextInt(100);
        if (kind < 16) {
            return new EventSpec(at, EventType.HOST_DOWN, host, null, null, null, null);
        }
        if (kind < 28) {
            return new EventSpec(at, EventType.HOST_UP, host, null, null, null, null);
        }
        if (kind < 40) {
            List<HostSpec> fenced = hosts.stream().filter(h -> h.fencing() != null && !h.fencing().isEmpty()).toList();
            if (!fenced.isEmpty()) {
                HostSpec h = fenced.get(r.nextInt(fenced.size()));
                FenceLevelSpec device = h.fencing().get(r.nextInt(h.fencing().size()));
                long devices = h.fencing().stream().filter(f -> f.level().equals(device.level())).count();
                Integer which = r.nextBoolean() ? null : 1 + r.nextInt((int) devices);
                FaultMode mode = FaultMode.values()[r.nextInt(FaultMode.values().length)];
                return new EventSpec(at, EventType.FENCE_DEVICE_FAULT, h.name(), null, device.level(), which, mode);
            }
            return new EventSpec(at, EventType.HOST_DOWN, host, null, null, null, null);
        }
        if (kind < 46) {
            return new EventSpec(at, EventType.FENCE_ACK, host, null, null, null, null);
        }
        if (kind < 54) {
            return new EventSpec(at, EventType.VM_CRASHED, null, vm, null, null, null);
        }
        if (kind < 59) {
            return new EventSpec(at, EventType.HOST_MAINTENANCE, host, null, null, null, null);
        }
        if (kind < 63) {
            return new EventSpec(at, EventType.HOST_ACTIVATE, host, null, null, null, null);
        }
        if (kind < 66) {
            return new EventSpec(at, EventType.VM_START, null, vm, null, null, null, null, r.nextInt(3) == 0, null);
        }
        if (kind < 68) {
            return new EventSpec(at, EventType.HOST_LOAD, host, null, null, null, null, null, null, r.nextInt(101));
        }
        if (kind < 72) {
            return new EventSpec(at, EventType.VM_STARTED_OUTSIDE, host, vm, null, null, null);
        }
        if (kind < 76) {
            return new EventSpec(at, EventType.VM_STOPPED_OUTSIDE, null, vm, null, null, null);
        }
        if (kind < 92) {
            // Often at the instant something is decided, so that what is in flight is cut short.
            int where = r.nextInt(3);
            if (where == 0 && !earlier.isEmpty()) {
                at = earlier.get(r.nextInt(earlier.size())).at();
            } else if (where == 1) {
                List<EventSpec> downs = earlier.stream().filter(e -> e.type() == EventType.HOST_DOWN).toList();
                if (!downs.isEmpty()) {
                    at = downs.get(r.nextInt(downs.size())).at() + dueForFencing + r.nextInt(2) * 5;
                }
            }
            InFlight[] modes = {InFlight.DONE, InFlight.LOST, null};
            return new EventSpec(at, EventType.LIFEBOAT_RESTART, null, null, null, null, null,
                    modes[r.nextInt(modes.length)]);
        }
        return new EventSpec(at, EventType.POLICY_RELOAD, null, null, null, null, null);
    }
}
