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
 */
public record ClusterSettings(String name, ClusterMode mode, double memoryOvercommit, double vcpuOvercommit,
                              int hostFailuresToTolerate, Duration heartbeatTimeout, double fencingSuspendShare) {

    public static ClusterSettings defaults(String name) {
        return new ClusterSettings(name, ClusterMode.RHEL_HA, 1.0, 4.0, 1, Duration.ofSeconds(30), 0.5);
    }

    /** The timeout in milliseconds, the unit Drools timers take. */
    public long heartbeatTimeoutMillis() {
        return heartbeatTimeout.toMillis();
    }
}
