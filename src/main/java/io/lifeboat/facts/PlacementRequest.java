package io.lifeboat.facts;

import java.util.Objects;

/**
 * A VM needs a host: derived (logically) by the failover, recovery, start and maintenance rules, and served by the
 * one placement rule, which picks among the hosts no eligibility rule excluded.
 *
 * @param onlyHost the one host allowed (restart in place), or null
 * @param avoidHost a host not allowed (relocate away from a crash, evacuate), or null
 */
public record PlacementRequest(String vm, Kind kind, String onlyHost, String avoidHost) {

    public PlacementRequest {
        // Rules join actions to it by VM name: a null name would equal every host and cluster action's null VM.
        Objects.requireNonNull(vm, "a placement request names its VM");
        Objects.requireNonNull(kind, "a placement request says why");
    }

    public enum Kind {
        /** Its host was fenced: start elsewhere, after the fence. */
        FAILOVER,
        /** It crashed on a live host: start it there again. */
        RESTART,
        /** It crashed: start it on another host. */
        RELOCATE,
        /** An operator asked to start it. */
        START,
        /** Its host goes into maintenance: live-migrate it away. */
        EVACUATE,
        /** A more preferred member of its ordered failover domain is back: live-migrate it there. */
        FAILBACK
    }

    public static PlacementRequest failover(String vm) { return new PlacementRequest(vm, Kind.FAILOVER, null, null); }
    public static PlacementRequest restartOn(String vm, String host) { return new PlacementRequest(vm, Kind.RESTART, host, null); }
    public static PlacementRequest relocate(String vm, String awayFrom) { return new PlacementRequest(vm, Kind.RELOCATE, null, awayFrom); }
    public static PlacementRequest start(String vm) { return new PlacementRequest(vm, Kind.START, null, null); }
    public static PlacementRequest evacuate(String vm, String host) { return new PlacementRequest(vm, Kind.EVACUATE, null, host); }
    public static PlacementRequest failback(String vm, String host) { return new PlacementRequest(vm, Kind.FAILBACK, host, null); }

    /** A VM that cannot be placed is blocked, except one being moved (evacuation, failback): it keeps running. */
    public boolean isBlocking() {
        return kind != Kind.EVACUATE && kind != Kind.FAILBACK;
    }

    /** Recovery and operators' starts are placed before moves of running VMs, which never take their room. */
    public boolean isMoveOfARunningVm() {
        return kind == Kind.EVACUATE || kind == Kind.FAILBACK;
    }

    /**
     * Whether the VM's state already shows the request served (running, or running off the evacuated host). The
     * placement rule checks it so that it never serves a request twice, even before the request's own retraction.
     */
    public boolean isServedBy(Vm vm) {
        return switch (kind) {
            case EVACUATE -> vm.getState() != VmState.RUNNING || !vm.getHost().equals(avoidHost);
            case FAILBACK -> vm.getState() != VmState.RUNNING || vm.getHost().equals(onlyHost);
            default -> vm.getState() == VmState.RUNNING;
        };
    }
}
