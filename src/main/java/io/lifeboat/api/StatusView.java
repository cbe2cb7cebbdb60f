package io.lifeboat.api;

import java.time.Instant;
import java.util.List;

/** The answer of GET /api/v1/status. */
public record StatusView(String cluster, boolean managing, PolicyView policy, List<HostView> hosts,
                         List<VmView> vms, List<ActionView> recentActions) {

    public record PolicyView(int rules, Instant loadedAt) {
    }

    public record HostView(String name, String state, long memoryMiB, long memoryUsedMiB, int cpus, int vcpusUsed) {
    }

    public record VmView(String name, String state, String host, boolean ha, ReasonView reason) {
    }

    public record ReasonView(String code, String message) {
    }

    public record ActionView(String key, String type, String subject, String rule, String reason, String status,
                             String outcome, Instant recordedAt, Instant completedAt) {
    }
}
