package io.lifeboat.api;

import java.time.Instant;
import java.util.List;

import io.lifeboat.policy.ClusterPicture;
import io.lifeboat.reload.PolicyManager;
import io.lifeboat.service.Leadership;

/**
 * The answer of GET /api/v1/status. {@code replica}: this Lifeboat's name, whether it leads the cluster and under which
 * lease token (with lifeboat.leadership; a standby manages nothing and answers {@code managing: false}).
 */
public record StatusView(String cluster, boolean managing, Leadership.View replica, PolicyView policy, List<HostView> hosts,
                         List<VmView> vms, List<ViolationView> violations, List<AdviceView> advice,
                         List<ActionView> recentActions) {

    /** The live rule base, and how the newest reload went (a refused reload leaves version and rules as they were). */
    /** {@code unsettled}: why the live rules keep firing without settling (null while they settle). */
    public record PolicyView(long version, int rules, Instant loadedAt, PolicyManager.ReloadReport lastReload,
                             String unsettled) {
    }

    public record ViolationView(String code, String severity, String subject, String rule, String message) {
    }

    /** Advice (RHEV and RHEL HA recommendations), which never blocks anything. */
    public record AdviceView(String code, String subject, String rule, String message) {
    }

    /**
     * {@code state} is UP, SUSPECT, FENCING, FENCED, DOWN or MAINTENANCE; {@code reason} says why when not UP.
     * {@code capacity}: the host's limits, what is on its way there, and what it keeps free for failover.
     */
    public record HostView(String name, String state, String reason, long memoryMiB, long memoryUsedMiB, int cpus,
                           int vcpusUsed, ClusterPicture.Capacity capacity) {
    }

    /**
     * {@code state} is RUNNING (on {@code host}), STOPPED, BLOCKED (with the reason code of SCENARIOS.md) or
     * RECOVERING (certainly not running, being placed or started); {@code reason} says why when it does not run;
     * {@code lastHost}: where it ran last.
     */
    public record VmView(String name, String state, String host, String lastHost, boolean ha, int priority,
                         ReasonView reason) {
    }

    public record ReasonView(String code, String message) {
    }

    /**
     * A journal entry; {@code actor} is who asked: a user, or {@code lifeboat} for what Lifeboat decided itself;
     * {@code decidedBy} and {@code leaseToken}: the replica that decided it and its lease (with lifeboat.leadership).
     */
    public record ActionView(String key, String type, String subject, String actor, String rule, String reason,
                             String status, String outcome, Instant recordedAt, Instant completedAt, String decidedBy,
                             Long leaseToken) {
    }
}
