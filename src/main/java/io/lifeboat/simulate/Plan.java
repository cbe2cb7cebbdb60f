package io.lifeboat.simulate;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What Lifeboat would do, and where everything ends up: the output of {@code simulate} (policy-docs/simulate.md). */
public record Plan(List<PlannedAction> actions, List<VmResult> vms, List<HostResult> hosts,
                   List<ViolationResult> violations, List<AdviceResult> advice) {

    /**
     * One dispatched action, in dispatch order; fields that do not apply to its type are left out. {@code attempt}
     * (FENCE_HOST) counts the passes over the host's fence levels: 1, then one more each time every level failed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlannedAction(double at, String type, String host, String vm, Integer level, String agent,
                                Integer attempt, String subject, String code, String outcome, String rule,
                                String reason) {
    }

    public record VmResult(String name, String state, String host,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Reason reason) {
    }

    public record Reason(String code, String message) {
    }

    public record HostResult(String name, String state, long memoryUsedMiB, int vcpusUsed) {
    }

    public record ViolationResult(String code, String severity, String subject, String rule, String message) {
    }

    public record AdviceResult(String code, String subject, String rule, String message) {
    }
}
