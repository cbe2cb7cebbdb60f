package io.lifeboat.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import io.lifeboat.facts.Advice;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Finding;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostObservation;
import io.lifeboat.facts.Violation;
import io.lifeboat.facts.Vm;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.ManualClock;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.policy.PolicySources;

/**
 * A healthy, supported cluster in a live session (three RHEL 6.4 KVM hosts with fencing, shared storage and the same
 * networks; two HA VMs and a local-only one, observed where they run), and a way to change it and change it back.
 */
final class ClusterFixture implements AutoCloseable {
    private static CompiledPolicy policy;

    final PolicySession session;
    private final List<Object> inserted = new ArrayList<>();
    private final List<Object> removed = new ArrayList<>();

    ClusterFixture() {
        if (policy == null) {
            policy = new PolicyCompiler().compile(PolicySources.shipped());
        }
        session = new PolicySession(policy, new ManualClock(Instant.parse("2026-01-01T00:00:00Z")), "t");
        session.insert(ClusterSettings.defaults("prod"));
        for (String name : List.of("h1", "h2", "h3")) {
            session.insert(host(name).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
        }
        session.insert(Vm.builder("db1").vcpus(4).memoryMiB(8192).ha(true).storage(Set.of("san1")).runningOn("h1").build());
        session.insert(Vm.builder("web1").vcpus(2).memoryMiB(4096).ha(true).storage(Set.of("san1")).runningOn("h2").build());
        session.insert(Vm.builder("local1").managed(false).runningOn("h3").build());
        session.insert(new HostObservation("h1", Set.of("db1")));
        session.insert(new HostObservation("h2", Set.of("web1")));
        session.insert(new HostObservation("h3", Set.of("local1")));
        session.fire();
    }

    static Host.Builder host(String name) {
        return Host.builder(name).os("RHEL", "6.4").cpus(16).memoryMiB(65536)
                .storage(Set.of("san1")).networks(Set.of("mgmt", "prod"));
    }

    /** Adds a fact; {@link #undo()} takes it out again. */
    ClusterFixture add(Object fact) {
        session.insert(fact);
        inserted.add(fact);
        return this;
    }

    /** Removes the facts that match; {@link #undo()} puts them back. */
    <T> ClusterFixture remove(Class<T> type, Predicate<T> which) {
        for (T fact : session.facts(type)) {
            if (which.test(fact)) {
                session.delete(fact);
                removed.add(fact);
            }
        }
        return this;
    }

    /** Replaces the facts of a type that match with another one. */
    <T> ClusterFixture replace(Class<T> type, Predicate<T> which, Object replacement) {
        return remove(type, which).add(replacement);
    }

    ClusterFixture replaceHost(String name, Host.Builder changed) {
        return replace(Host.class, h -> h.getName().equals(name), changed.build());
    }

    ClusterFixture settings(ClusterSettings changed) {
        return replace(ClusterSettings.class, s -> true, changed);
    }

    /** Restores the baseline. */
    void undo() {
        inserted.forEach(session::delete);
        removed.forEach(session::insert);
        inserted.clear();
        removed.clear();
        session.fire();
    }

    List<Finding> findings() {
        session.fire();
        List<Finding> all = new ArrayList<>(session.facts(Violation.class));
        all.addAll(session.facts(Advice.class));
        return all;
    }

    @Override
    public void close() {
        session.close();
    }
}
