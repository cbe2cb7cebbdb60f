package io.lifeboat.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.Hypervisor;
import io.lifeboat.facts.Recovery;
import io.lifeboat.facts.Vm;

/**
 * The facts a cluster description stands for, with the contract's defaults. Simulate and the live service both build
 * their sessions through here, so a field means the same thing in both.
 */
public final class ScenarioFacts {
    public static final String DEFAULT_OS = "RHEL";
    public static final String DEFAULT_OS_VERSION = "6.4";
    public static final int DEFAULT_VCPUS = 1;
    public static final long DEFAULT_MEMORY_MIB = 1024;

    private ScenarioFacts() {
    }

    /**
     * The cluster's settings, the same in simulate and live.
     *
     * @param heartbeatSampling how often heartbeats are observed: 0 in simulate (its events are exact), the monitor
     *                          interval live (see {@link #fencingGrace})
     */
    public static ClusterSettings settings(Scenario.ClusterSpec c, Duration heartbeatSampling) {
        ClusterSettings d = ClusterSettings.defaults(c.name());
        return new ClusterSettings(c.name(), Optional.ofNullable(c.mode()).orElse(ClusterMode.RHEL_HA),
                Optional.ofNullable(c.memoryOvercommit()).orElse(d.memoryOvercommit()),
                Optional.ofNullable(c.vcpuOvercommit()).orElse(d.vcpuOvercommit()),
                Optional.ofNullable(c.hostFailuresToTolerate()).orElse(d.hostFailuresToTolerate()),
                c.heartbeatTimeout() == null ? d.heartbeatTimeout() : Duration.ofSeconds(c.heartbeatTimeout()),
                Optional.ofNullable(c.fencingSuspendShare()).orElse(d.fencingSuspendShare()),
                Optional.ofNullable(c.usage()).orElse(d.usage()),
                fencingGrace(c, heartbeatSampling),
                seconds(c.fenceRetryInitial(), d.fenceRetryInitial()), seconds(c.fenceRetryMax(), d.fenceRetryMax()),
                Optional.ofNullable(c.defragmentMoves()).orElse(d.defragmentMoves()),
                seconds(c.failbackDelay(), d.failbackDelay()),
                Optional.ofNullable(c.vcpuHeadroomWeight()).orElse(d.vcpuHeadroomWeight()),
                Optional.ofNullable(c.measuredLoadWeight()).orElse(d.measuredLoadWeight()),
                Optional.ofNullable(c.preempt()).orElse(d.preempt()));
    }

    /**
     * The description's fencing grace (0 when it gives none, as the simulate contract says), but never shorter than
     * the heartbeat sampling: hosts cut off together are noticed up to one probe apart, and the fencing suspension
     * must count them together.
     */
    public static Duration fencingGrace(Scenario.ClusterSpec c, Duration heartbeatSampling) {
        Duration given = c.fencingGrace() == null ? Duration.ZERO : Duration.ofSeconds(c.fencingGrace());
        return given.compareTo(heartbeatSampling) >= 0 ? given : heartbeatSampling;
    }

    private static Duration seconds(Integer seconds, Duration orElse) {
        return seconds == null ? orElse : Duration.ofSeconds(seconds);
    }

    /** The host as described: UP, MAINTENANCE or FENCED when listed so (DOWN hosts are UP until they stay silent). */
    public static Host host(Scenario.HostSpec h) {
        return Host.builder(h.name())
                .os(Optional.ofNullable(h.os()).orElse(DEFAULT_OS), Optional.ofNullable(h.osVersion()).orElse(DEFAULT_OS_VERSION))
                .hypervisor(Optional.ofNullable(h.hypervisor()).orElse(Hypervisor.KVM))
                .cpus(Optional.ofNullable(h.cpus()).orElse(0))
                .memoryMiB(Optional.ofNullable(h.memoryMiB()).orElse(0L))
                .storage(Set.copyOf(list(h.storage()))).networks(Set.copyOf(list(h.networks())))
                .labels(h.labels() == null ? Map.of() : h.labels())
                .overcommit(h.memoryOvercommit(), h.vcpuOvercommit())
                .state(h.state() == Scenario.HostSpecState.MAINTENANCE ? HostState.MAINTENANCE
                        : h.state() == Scenario.HostSpecState.FENCED ? HostState.FENCED : HostState.UP)
                .build();
    }

    /** One fact per fence level: entries sharing a level number are that level's devices, in the order given. */
    public static List<FenceDevice> fenceLevels(Scenario.HostSpec h) {
        return fenceAgentsByLevel(h).entrySet().stream()
                .map(e -> FenceDevice.ofLevel(h.name(), e.getKey(), e.getValue())).toList();
    }

    /** A host's fence levels in the order they first appear, each with its devices' agents in entry order. */
    public static Map<Integer, List<String>> fenceAgentsByLevel(Scenario.HostSpec h) {
        Map<Integer, List<String>> levels = new LinkedHashMap<>();
        list(h.fencing()).forEach(d -> levels.computeIfAbsent(d.level(), l -> new ArrayList<>()).add(d.agent()));
        return levels;
    }

    public static FailoverDomain domain(Scenario.FailoverDomainSpec d) {
        Map<String, Integer> members = list(d.members()).stream().collect(Collectors.toMap(
                Scenario.MemberSpec::host, m -> Optional.ofNullable(m.priority()).orElse(1), (a, b) -> a));
        return new FailoverDomain(d.name(), flag(d.ordered()), flag(d.restricted()), flag(d.nofailback()), members);
    }

    /** The VM, running on its host when it is listed RUNNING (or with a host and no state). */
    public static Vm vm(Scenario.VmSpec v) {
        Vm.Builder vm = Vm.builder(v.name())
                .vcpus(Optional.ofNullable(v.vcpus()).orElse(DEFAULT_VCPUS))
                .memoryMiB(Optional.ofNullable(v.memoryMiB()).orElse(DEFAULT_MEMORY_MIB))
                .ha(flag(v.ha())).managed(v.managed() == null || v.managed())
                .priority(Optional.ofNullable(v.priority()).orElse(0))
                .storage(Set.copyOf(list(v.storage()))).networks(Set.copyOf(list(v.networks())))
                .failoverDomain(v.failoverDomain()).antiAffinity(v.antiAffinity())
                .recovery(v.recovery() == null ? Recovery.RESTART : Recovery.valueOf(v.recovery().name()))
                .maxRestarts(Optional.ofNullable(v.maxRestarts()).orElse(0))
                .restartExpireTime(Duration.ofSeconds(Optional.ofNullable(v.restartExpireTime()).orElse(0)));
        boolean running = v.state() == null ? v.host() != null : v.state() == Scenario.VmSpecState.RUNNING;
        return (running ? vm.runningOn(v.host()) : vm.stopped()).build();
    }

    private static boolean flag(Boolean value) {
        return value != null && value;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
