package io.lifeboat.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.HostStatus;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmState;
import io.lifeboat.facts.VmStatus;
import io.lifeboat.placement.FailoverReserve;

/**
 * The one picture of a cluster that the live status, explanations and simulate's plan all show: each host and VM with
 * the state the rules derived for it (picture.drl), plus what each host carries. Read on the session's own thread.
 */
public final class ClusterPicture {
    private final List<HostRow> hosts;
    private final List<VmRow> vms;
    /** Rows by name, so looking every VM up stays linear in the cluster (a name used twice has two rows). */
    private final Map<String, List<VmRow>> vmsByName;
    private final Map<String, HostRow> hostsByName;

    private ClusterPicture(List<HostRow> hosts, List<VmRow> vms) {
        this.hosts = hosts;
        this.vms = vms;
        this.vmsByName = vms.stream().collect(Collectors.groupingBy(VmRow::name));
        this.hostsByName = hosts.stream().collect(Collectors.toMap(HostRow::name, Function.identity(), (a, b) -> a));
    }

    public List<HostRow> hosts() {
        return hosts;
    }

    public List<VmRow> vms() {
        return vms;
    }

    /**
     * A host, its state and why, and what its running VMs use (nothing once it is fenced); with its limits (size times
     * overcommit), what starts and migrations on their way there will add, and what it keeps free for failover (as of
     * the newest N+K check).
     */
    public record HostRow(String name, HostStatus.State state, String reason, long memoryMiB, long memoryUsedMiB,
                          int cpus, int vcpusUsed, Capacity capacity) {
    }

    /** Limits, work in flight and the failover reserve of a host; zeros where the rules count none (a fenced host). */
    public record Capacity(long memoryLimitMiB, long vcpuLimit, long memoryInFlightMiB, long vcpusInFlight,
                           long memoryReservedMiB, long vcpusReserved) {
    }

    /**
     * A VM, its state, where it runs, and why it does not when it should; {@code lastHost} is where it ran last (a
     * blocked VM's silent host).
     */
    public record VmRow(String name, VmStatus.State state, String host, String lastHost, boolean ha, int priority,
                        String reasonCode, String message) {
    }

    public static ClusterPicture of(PolicySession session) {
        List<Vm> vms = session.facts(Vm.class);
        Map<String, HostStatus> hostStates = session.facts(HostStatus.class).stream()
                .collect(Collectors.toMap(HostStatus::host, Function.identity(), (a, b) -> a));
        Map<String, List<VmStatus>> vmStates = session.facts(VmStatus.class).stream()
                .collect(Collectors.groupingBy(VmStatus::vm));
        Map<String, List<Vm>> runningByHost = vms.stream().filter(v -> v.getState() == VmState.RUNNING && v.getHost() != null)
                .collect(Collectors.groupingBy(Vm::getHost));
        Map<String, HostLoad> loads = session.facts(HostLoad.class).stream()
                .collect(Collectors.toMap(HostLoad::host, Function.identity(), (a, b) -> a));
        // Nothing is held in reserve when no host failure is to be tolerated (the check then no longer runs).
        boolean reserving = session.facts(ClusterSettings.class).stream().anyMatch(c -> c.hostFailuresToTolerate() > 0);
        Function<String, FailoverReserve.Reserved> reserve = session.failoverReserve().filter(r -> reserving)
                .<Function<String, FailoverReserve.Reserved>>map(r -> r::reservedOn)
                .orElse(h -> FailoverReserve.Reserved.NONE);
        List<HostRow> hosts = session.facts(Host.class).stream().sorted(Comparator.comparing(Host::getName))
                .map(h -> hostRow(h, hostStates.get(h.getName()), runningByHost.getOrDefault(h.getName(), List.of()),
                        loads.get(h.getName()), reserve.apply(h.getName())))
                .toList();
        List<VmRow> vmRows = vms.stream().sorted(Comparator.comparing(Vm::getName))
                .map(v -> vmRow(v, vmStates.getOrDefault(v.getName(), List.of()))).toList();
        return new ClusterPicture(hosts, vmRows);
    }

    /** The row of one VM fact (a name used twice is two facts, told apart by host). */
    public VmRow vm(Vm vm) {
        return vmsByName.getOrDefault(vm.getName(), List.of()).stream()
                .filter(r -> r.host() == null || r.host().equals(vm.getHost())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no picture of " + vm));
    }

    public HostRow host(String name) {
        return Optional.ofNullable(hostsByName.get(name))
                .orElseThrow(() -> new IllegalStateException("no picture of host " + name));
    }

    private static HostRow hostRow(Host host, HostStatus status, List<Vm> runningThere, HostLoad load,
                                   FailoverReserve.Reserved reserved) {
        HostStatus.State state = status == null ? HostStatus.State.valueOf(host.getState().name()) : status.state();
        List<Vm> running = state == HostStatus.State.FENCED ? List.of() : runningThere;
        long memoryUsed = running.stream().mapToLong(Vm::getMemoryMiB).sum();
        int vcpusUsed = running.stream().mapToInt(Vm::getVcpus).sum();
        Capacity capacity = load == null ? new Capacity(0, 0, 0, 0, 0, 0)
                : new Capacity(load.memoryLimitMiB(), load.vcpuLimit(), Math.max(0, load.memoryUsedMiB() - memoryUsed),
                        Math.max(0, load.vcpusUsed() - vcpusUsed), reserved.memoryMiB(), reserved.vcpus());
        return new HostRow(host.getName(), state, status == null ? null : status.reason(), host.getMemoryMiB(),
                memoryUsed, host.getCpus(), vcpusUsed, capacity);
    }

    private static VmRow vmRow(Vm vm, List<VmStatus> statuses) {
        VmStatus status = statuses.stream().filter(s -> s.host() == null || s.host().equals(vm.getHost())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the picture rules gave " + vm + " no state"));
        return new VmRow(vm.getName(), status.state(), status.host(), vm.getHost(), vm.isHa(), vm.getPriority(),
                status.reason() == null ? null : status.reason().name(), status.message());
    }
}
