package io.lifeboat.facts;

import java.time.Duration;

/**
 * The cluster-wide limits the rules read. One instance per session.
 *
 * @param memoryOvercommit max (sum of running VMs' memory) / (host memory) on any host
 * @param vcpuOvercommit max (sum of running VMs' vCPUs) / (host CPUs) on any host
 * @param hostFailuresToTolerate the N+K target for capacity checks
 * @param heartbeatTimeout silence after which a host is declared unresponsive
 * @param fencingSuspendShare more than this share of hosts silent at once withholds fencing
 * @param usage how the cluster is used (the RHEL HA vs RHEV advice depends on it)
 * @param fencingGrace how long after its timeout a silent host waits before it is fenced, so that hosts going
 *        silent a probe cycle apart count as silent together for {@code fencingSuspendShare}
 * @param fenceRetryInitial how long after its first failed fence attempt (every level failed) a silent host's fence
 *        sequence is tried again; each further failure doubles the wait
 * @param fenceRetryMax the longest wait between two fence attempts
 * @param defragmentMoves how many running VMs may be live-migrated to make room for an HA VM blocked NO_CAPACITY;
 *        0 turns defragmentation off
 * @param failbackDelay how long a more preferred member of a VM's ordered failover domain must be up before the VM
 *        live-migrates back to it
 * @param vcpuHeadroomWeight the most a host's free vCPUs (a share of its vCPU limit) weigh for placing a VM there;
 *        0 turns the preference off
 * @param measuredLoadWeight the most a host's measured CPU load ({@link HostMetrics}) weighs against placing a VM
 *        there; 0 turns the preference off
 * @param preempt whether lower-priority non-HA VMs are stopped to make room for an HA VM blocked NO_CAPACITY that
 *        defragmentation cannot place; off by default
 */
public record ClusterSettings(String name, ClusterMode mode, double memoryOvercommit, double vcpuOvercommit,
                              int hostFailuresToTolerate, Duration heartbeatTimeout, double fencingSuspendShare,
                              ClusterUsage usage, Duration fencingGrace, Duration fenceRetryInitial,
                              Duration fenceRetryMax, int defragmentMoves, Duration failbackDelay,
                              double vcpuHeadroomWeight, double measuredLoadWeight, boolean preempt) {
    public static final int DEFAULT_DEFRAGMENT_MOVES = 3;
    /** The largest placement weight a cluster document may set: the scale operators' own weights work on. */
    public static final double MAX_PLACEMENT_WEIGHT = 1000;
    public static final int MAX_DEFRAGMENT_MOVES = 20;
    public static final Duration DEFAULT_FAILBACK_DELAY = Duration.ofMinutes(5);
    public static final Duration DEFAULT_FENCE_RETRY_INITIAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_FENCE_RETRY_MAX = Duration.ofMinutes(5);

    /** Settings without a fencing grace: a silent host is fenced at its timeout. */
    public ClusterSettings(String name, ClusterMode mode, double memoryOvercommit, double vcpuOvercommit,
                           int hostFailuresToTolerate, Duration heartbeatTimeout, double fencingSuspendShare,
                           ClusterUsage usage) {
        this(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate, heartbeatTimeout,
                fencingSuspendShare, usage, Duration.ZERO, DEFAULT_FENCE_RETRY_INITIAL, DEFAULT_FENCE_RETRY_MAX,
                DEFAULT_DEFRAGMENT_MOVES, DEFAULT_FAILBACK_DELAY, 0, 0, false);
    }

    public static ClusterSettings defaults(String name) {
        return new ClusterSettings(name, ClusterMode.RHEL_HA, 1.0, 4.0, 1, Duration.ofSeconds(30), 0.5,
                ClusterUsage.STATIC);
    }

    public ClusterSettings withFencingGrace(Duration grace) {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeout, fencingSuspendShare, usage, grace, fenceRetryInitial, fenceRetryMax, defragmentMoves,
                failbackDelay, vcpuHeadroomWeight, measuredLoadWeight, preempt);
    }

    public ClusterSettings withFenceRetry(Duration initial, Duration max) {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeout, fencingSuspendShare, usage, fencingGrace, initial, max, defragmentMoves,
                failbackDelay, vcpuHeadroomWeight, measuredLoadWeight, preempt);
    }

    /**
     * How long after fence attempt {@code failedAttempt} failed the next one starts: {@code fenceRetryInitial},
     * doubled with every further failure, never more than {@code fenceRetryMax}.
     */
    public long fenceRetryDelayMillis(int failedAttempt) {
        int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
        return Math.min(fenceRetryInitial.toMillis() << doublings, fenceRetryMax.toMillis());
    }

    /** The failback delay in milliseconds, the unit Drools timers take. */
    public long failbackDelayMillis() {
        return failbackDelay.toMillis();
    }

    /** The grace in milliseconds, the unit Drools timers take. */
    public long fencingGraceMillis() {
        return fencingGrace.toMillis();
    }

    public ClusterSettings withDefragmentMoves(int moves) {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeout, fencingSuspendShare, usage, fencingGrace, fenceRetryInitial, fenceRetryMax, moves,
                failbackDelay, vcpuHeadroomWeight, measuredLoadWeight, preempt);
    }

    public ClusterSettings withPlacementWeights(double vcpuHeadroom, double measuredLoad) {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeout, fencingSuspendShare, usage, fencingGrace, fenceRetryInitial, fenceRetryMax,
                defragmentMoves, failbackDelay, vcpuHeadroom, measuredLoad, preempt);
    }

    public ClusterSettings withMode(ClusterMode mode) {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeout, fencingSuspendShare, usage, fencingGrace, fenceRetryInitial, fenceRetryMax,
                defragmentMoves, failbackDelay, vcpuHeadroomWeight, measuredLoadWeight, preempt);
    }

    public ClusterSettings withUsage(ClusterUsage usage) {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeout, fencingSuspendShare, usage, fencingGrace, fenceRetryInitial, fenceRetryMax,
                defragmentMoves, failbackDelay, vcpuHeadroomWeight, measuredLoadWeight, preempt);
    }

    public ClusterSettings withOvercommit(double memory, double vcpu) {
        return new ClusterSettings(name, mode, memory, vcpu, hostFailuresToTolerate, heartbeatTimeout,
                fencingSuspendShare, usage, fencingGrace, fenceRetryInitial, fenceRetryMax, defragmentMoves,
                failbackDelay, vcpuHeadroomWeight, measuredLoadWeight, preempt);
    }

    /** The timeout in milliseconds, the unit Drools timers take. */
    public long heartbeatTimeoutMillis() {
        return heartbeatTimeout.toMillis();
    }
}
