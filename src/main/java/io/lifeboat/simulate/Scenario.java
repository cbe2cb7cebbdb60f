package io.lifeboat.simulate;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.facts.Hypervisor;

/**
 * A cluster snapshot and a timeline of events: the input of {@code simulate} (public contract, policy-docs/simulate.md). Field
 * names are the contract's; nulls stand for "not given" and take the documented defaults.
 *
 * @param startupGrace extension: seconds from the start during which nothing is fenced, as right after the live
 *        service starts managing a cluster ({@code lifeboat.fencing.startup-grace}); default 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scenario(ClusterSpec cluster, List<HostSpec> hosts, List<VmSpec> vms,
                       List<FailoverDomainSpec> failoverDomains, List<EventSpec> events, Integer startupGrace) {

    /** A scenario that starts with Lifeboat long in charge: no startup grace. */
    public Scenario(ClusterSpec cluster, List<HostSpec> hosts, List<VmSpec> vms,
                    List<FailoverDomainSpec> failoverDomains, List<EventSpec> events) {
        this(cluster, hosts, vms, failoverDomains, events, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterSpec(String name, ClusterMode mode, Double memoryOvercommit, Double vcpuOvercommit,
                              Integer hostFailuresToTolerate, Integer heartbeatTimeout, Double fencingSuspendShare,
                              /** Extension: seconds a simulated fence agent takes before a TIMEOUT fault answers. */
                              Integer fenceTimeout,
                              /** Extension: STATIC (default), DYNAMIC or CLOUD, for the RHEL HA vs RHEV advice. */
                              ClusterUsage usage,
                              /** Extension: seconds a silent host waits after its timeout before fencing, default 0. */
                              Integer fencingGrace,
                              /** Extension: seconds before a failed fence attempt is tried again, default 30. */
                              Integer fenceRetryInitial,
                              /** Extension: the longest wait between fence attempts (each doubles it), default 300. */
                              Integer fenceRetryMax,
                              /** Extension: live migrations that may make room for a blocked HA VM, default 3; 0: none. */
                              Integer defragmentMoves,
                              /** Extension: seconds a more preferred member must be up before VMs fail back, default 300. */
                              Integer failbackDelay,
                              /** Extension: the most a host's share of free vCPUs weighs for placement, default 0 (off). */
                              Double vcpuHeadroomWeight,
                              /** Extension: the most a host's measured CPU load weighs against placement, default 0 (off). */
                              Double measuredLoadWeight,
                              /** Extension: stop lower-priority non-HA VMs to make room for blocked HA VMs, default false. */
                              Boolean preempt) {

        public ClusterSpec(String name, ClusterMode mode, Double memoryOvercommit, Double vcpuOvercommit,
                           Integer hostFailuresToTolerate, Integer heartbeatTimeout, Double fencingSuspendShare,
                           Integer fenceTimeout, ClusterUsage usage, Integer fencingGrace, Integer fenceRetryInitial,
                           Integer fenceRetryMax) {
            this(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate, heartbeatTimeout,
                    fencingSuspendShare, fenceTimeout, usage, fencingGrace, fenceRetryInitial, fenceRetryMax, null, null,
                    null, null, null);
        }
    }

    /** FENCED is an extension for what-if: a host confirmed powered off when the plan starts (never in a cluster document). */
    public enum HostSpecState { UP, DOWN, MAINTENANCE, FENCED }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HostSpec(String name, String os, String osVersion, Hypervisor hypervisor, Integer cpus,
                           Long memoryMiB, HostSpecState state, List<String> storage, List<String> networks,
                           Map<String, String> labels, List<FenceLevelSpec> fencing,
                           /** Extension: the libvirt URI the live service reaches the host at; simulate ignores it. */
                           String uri,
                           /** Extension: this host's own memoryOvercommit, instead of the cluster's. */
                           Double memoryOvercommit,
                           /** Extension: this host's own vcpuOvercommit, instead of the cluster's. */
                           Double vcpuOvercommit) {

        public HostSpec(String name, String os, String osVersion, Hypervisor hypervisor, Integer cpus, Long memoryMiB,
                        HostSpecState state, List<String> storage, List<String> networks, Map<String, String> labels,
                        List<FenceLevelSpec> fencing, String uri) {
            this(name, os, osVersion, hypervisor, cpus, memoryMiB, state, storage, networks, labels, fencing, uri,
                    null, null);
        }

        public HostSpec withState(HostSpecState newState) {
            return new HostSpec(name, os, osVersion, hypervisor, cpus, memoryMiB, newState, storage, networks, labels,
                    fencing, uri, memoryOvercommit, vcpuOvercommit);
        }

        public HostSpec withFencing(List<FenceLevelSpec> newFencing) {
            return new HostSpec(name, os, osVersion, hypervisor, cpus, memoryMiB, state, storage, networks, labels,
                    newFencing, uri, memoryOvercommit, vcpuOvercommit);
        }
    }

    /** One fence device; entries of a host that share a {@code level} are one level whose devices must all succeed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FenceLevelSpec(Integer level, String agent, Map<String, String> params) {
    }

    public enum VmSpecState { RUNNING, STOPPED }

    public enum RecoverySpec {
        @JsonProperty("restart") RESTART,
        @JsonProperty("relocate") RELOCATE,
        @JsonProperty("restart-disable") RESTART_DISABLE,
        @JsonProperty("disable") DISABLE
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VmSpec(String name, Integer vcpus, Long memoryMiB, String host, VmSpecState state, Boolean ha,
                         Boolean managed, Integer priority, List<String> storage, List<String> networks,
                         String failoverDomain, String antiAffinity, RecoverySpec recovery, Integer maxRestarts,
                         Integer restartExpireTime) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FailoverDomainSpec(String name, Boolean ordered, Boolean restricted, Boolean nofailback,
                                     List<MemberSpec> members) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberSpec(String host, Integer priority) {
    }

    /**
     * The contract's events, plus extensions: someone starts (or moves) or stops a VM with virsh; a host leaves
     * maintenance; Lifeboat's process dies and starts again; the rule base is reloaded under the running session; a
     * host's hypervisor reports a measured CPU load.
     */
    public enum EventType {
        HOST_DOWN, HOST_UP, FENCE_DEVICE_FAULT, FENCE_ACK, VM_CRASHED, HOST_MAINTENANCE, VM_START,
        VM_STARTED_OUTSIDE, VM_STOPPED_OUTSIDE, HOST_ACTIVATE, LIFEBOAT_RESTART, POLICY_RELOAD, HOST_LOAD
    }

    /**
     * What became of the actions Lifeboat decided at the instant it died ({@code LIFEBOAT_RESTART} only): carried out
     * before the process died without their outcomes being journalled ({@code DONE}), or never carried out
     * ({@code LOST}). Either way the journal holds them unfinished.
     */
    public enum InFlight { DONE, LOST }

    /** What a faulty fence device does from then on; OK clears an earlier fault. */
    public enum FaultMode { FAIL, TIMEOUT, OK }

    /**
     * {@code device} (FENCE_DEVICE_FAULT only) is 1-based within the level; absent means every device of it.
     * {@code inFlight} (LIFEBOAT_RESTART only): see {@link InFlight}; absent, Lifeboat dies with nothing decided.
     * {@code force} (VM_START only): start even past the failover reserve, as an operator may.
     * {@code cpuLoadPercent} (HOST_LOAD only): the share of the host's CPUs its guests use from then on, 0 to 100, as
     * the live monitor measures it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventSpec(Double at, EventType type, String host, String vm, Integer level, Integer device,
                            FaultMode mode, InFlight inFlight, Boolean force, Integer cpuLoadPercent) {

        public EventSpec(Double at, EventType type, String host, String vm, Integer level, Integer device,
                         FaultMode mode) {
            this(at, type, host, vm, level, device, mode, null, null, null);
        }

        public EventSpec(Double at, EventType type, String host, String vm, Integer level, Integer device,
                         FaultMode mode, InFlight inFlight) {
            this(at, type, host, vm, level, device, mode, inFlight, null, null);
        }
    }
}
