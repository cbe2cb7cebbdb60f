package io.lifeboat.actions;

import io.lifeboat.facts.PlacementRequest;
import io.lifeboat.facts.Vm;

/** The action that serves a placement request on the host placement chose (kept here: facts depend on nothing). */
public final class Placements {
    private Placements() {
    }

    public static Action actionFor(PlacementRequest request, Vm vm, String target, String reason) {
        return switch (request.kind()) {
            case FAILOVER -> StartVm.afterFence(vm, target, reason);
            case RESTART, RELOCATE, START -> StartVm.ofStoppedVm(vm, target, reason);
            case EVACUATE -> new MigrateVm(vm, target, reason);
        };
    }
}
