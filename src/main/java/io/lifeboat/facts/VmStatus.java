package io.lifeboat.facts;

/**
 * How a VM stands, as people see it: derived by the rules (picture.drl), shown the same by the live status,
 * explanations and simulate's plan.
 *
 * @param host where it runs; null unless RUNNING
 * @param reason the stable code of SCENARIOS.md when BLOCKED; null otherwise
 * @param message why, for people; null when RUNNING or STOPPED
 */
public record VmStatus(String vm, State state, String host, BlockedReason reason, String message) {

    public enum State {
        /** Running on {@code host}, a host that answers. */
        RUNNING,
        /** Not meant to run. */
        STOPPED,
        /** Meant to run and cannot, for {@code reason}. */
        BLOCKED,
        /** Meant to run, certainly not running, and on its way to a host (placement or start in progress). */
        RECOVERING
    }
}
