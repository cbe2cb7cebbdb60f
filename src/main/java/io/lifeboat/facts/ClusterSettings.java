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
 */
public record ClusterSettings(String name, ClusterMode mode, double memoryOvercommit, double vcpuOvercommit,
                              int hostFailuresToTolerate, Duration heartbeatTimeout, double fencingSuspendShare,
                              ClusterUsage usage, Duration fencingGrace) {

    /** Settings without a fencing grace: a silent host is fenced at its timeout. */
    public ClusterSettings(String name, ClusterMode mode, double memoryOvercommit, double vcpuOvercommit,
                           int hostFailuresToTolerate, Duration heartbeatTimeout, double fencingSuspendShare,
                           ClusterUsage usage) {
        this(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate, heartbeatTimeout,
                fencingSuspendShare, usage, Duration.ZERO);
    }

    public static ClusterSettings defaults(String name) {
        return new ClusterSettings(name, ClusterMode.RHEL_HA, 1.0, 4.0, 1, Duration.ofSeconds(30), 0.5,
                ClusterUsage.STATIC);
    }

    public ClusterSettings withFencingGrace(Duration grace) {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeout, fencingSuspendShare, usage, grace);
    }

    /** The grace in milliseconds, the unit Drools timers take. */
    public long fencingGraceMillis() {
        return fencingGrace.toMillis();
    }

    public ClusterSettings withMode(ClusterMode mode) {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeout, fencingSuspendShare, usage, fencingGrace);
    }

    public ClusterSettings withUsage(ClusterUsage usage) {
        return new ClusterSettings(name, mode, memoryOvercommit, vcpuOvercommit, hostFailuresToTolerate,
                heartbeatTimeout, fencingSuspendShare, usage, fencingGrace);
    }

    public ClusterSettings withOvercommit(double memory, double vcpu) {
        return new ClusterSettings(name, mode, memory, vcpu, hostFailuresToTolerate, heartbeatTimeout,
                fencingSuspendShare, usage, fencingGrace);
    }

    /** The timeout in milliseconds, the unit Drools timers take. */
    public long heartbeatTimeoutMillis() {
        return heartbeatTimeout.toMillis();
    }
}
