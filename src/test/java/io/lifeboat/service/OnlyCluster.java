package io.lifeboat.service;

import java.util.Optional;
import java.util.Set;

import io.lifeboat.policy.PolicyLoop;

/** For tests of a deployment with one cluster: its live loop, and its name. */
public final class OnlyCluster {
    private OnlyCluster() {
    }

    /** The loop of the one cluster managed here; empty when none is. */
    public static Optional<PolicyLoop> loop(LifeboatService service) {
        return Optional.ofNullable(name(service)).flatMap(service::loop);
    }

    /** The name of the one cluster managed here; null when none is. */
    public static String name(LifeboatService service) {
        Set<String> managed = service.managedClusters();
        if (managed.size() > 1) {
            throw new IllegalStateException("more than one cluster is managed: " + managed);
        }
        return managed.isEmpty() ? null : managed.iterator().next();
    }
}
