package io.lifeboat.service;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import io.lifeboat.actions.Action;
import io.lifeboat.config.ClusterDiff;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.FenceAcknowledged;
import io.lifeboat.facts.FenceAttempt;
import io.lifeboat.facts.FenceConfirmed;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.HostUnresponsive;
import io.lifeboat.facts.MaintenanceEnded;
import io.lifeboat.facts.MaintenanceRequested;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmCrashed;
import io.lifeboat.facts.VmStartRequested;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.HostSpecState;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.ScenarioFacts;

/**
 * A new cluster document applied to the running session, on the loop thread: configuration facts are replaced,
 * never what is happening to them. A host keeps its state (a fenced host stays fenced), a VM where and how it runs;
 * a change of a host's configured state is a maintenance request or end, as if asked for over the API.
 */
final class LiveReconfiguration {
    private final ClusterDocument before;
    private final ClusterDocument after;
    private final ClusterDiff diff;
    private final Duration heartbeatSampling;

    LiveReconfiguration(ClusterDocument before, ClusterDocument after, ClusterDiff diff, Duration heartbeatSampling) {
        this.before = before;
        this.after = after;
        this.diff = diff;
        this.heartbeatSampling = heartbeatSampling;
    }

    void apply(PolicySession session) {
        if (diff.settingsChanged()) {
            session.facts(ClusterSettings.class).forEach(session::delete);
            session.insert(ScenarioFacts.settings(after.cluster(), heartbeatSampling));
        }
        Map<String, HostSpec> hosts = ClusterDocument.byName(after.hosts(), HostSpec::name);
        diff.hosts().removed().forEach(name -> forgetHost(session, name));
        for (String name : diff.hosts().added()) {
            forgetHost(session, name);
            session.insert(ScenarioFacts.host(hosts.get(name)));
            ScenarioFacts.fenceLevels(hosts.get(name)).forEach(session::insert);
        }
        Map<String, HostSpec> old = ClusterDocument.byName(before.hosts(), HostSpec::name);
        diff.hosts().changed().forEach(name -> replaceHost(session, old.get(name), hosts.get(name)));
        Map<String, VmSpec> vms = ClusterDocument.byName(after.vms(), VmSpec::name);
        // Out of Lifeboat's care, not stopped: the domain keeps running where it runs.
        diff.vms().removed().forEach(name -> forgetVm(session, name));
        for (String name : diff.vms().added()) {
            forgetVm(session, name);
            session.insert(ScenarioFacts.vm(vms.get(name)));
        }
        for (String name : diff.vms().changed()) {
            Vm configured = ScenarioFacts.vm(vms.get(name));
            session.facts(Vm.class).stream().filter(v -> v.getName().equals(name)).findFirst().ifPresent(current -> {
                configured.carryRuntimeStateFrom(current);
                session.delete(current);
            });
            session.insert(configured);
        }
        Map<String, FailoverDomainSpec> domains = ClusterDocument.byName(after.failoverDomains(), FailoverDomainSpec::name);
        for (String name : concat(diff.failoverDomains().removed(), diff.failoverDomains().changed())) {
            deleteAll(session, FailoverDomain.class, d -> d.name().equals(name));
        }
        for (String name : concat(diff.failoverDomains().added(), diff.failoverDomains().changed())) {
            session.insert(ScenarioFacts.domain(domains.get(name)));
        }
    }

    private static void replaceHost(PolicySession session, HostSpec old, HostSpec spec) {
        Host configured = ScenarioFacts.host(spec);
        Host current = session.facts(Host.class).stream().filter(h -> h.getName().equals(spec.name())).findFirst()
                .orElse(null);
        if (current != null) {
            configured.setState(current.getState());
            session.delete(current);
        }
        session.insert(configured);
        deleteAll(session, FenceDevice.class, d -> d.host().equals(spec.name()));
        ScenarioFacts.fenceLevels(spec).forEach(session::insert);
        // Only a change of the configured state asks for anything: editing a label must not end a maintenance.
        HostState state = configured.getState();
        boolean wantsMaintenance = spec.state() == HostSpecState.MAINTENANCE;
        if (wantsMaintenance != (old.state() == HostSpecState.MAINTENANCE)) {
            if (wantsMaintenance && state == HostState.UP) {
                session.insert(new MaintenanceRequested(spec.name()));
            } else if (!wantsMaintenance && state == HostState.MAINTENANCE) {
                session.insert(new MaintenanceEnded(spec.name()));
            }
        }
    }

    /**
     * Everything stated about a host that left (or enters anew): a finished fence of an earlier host of that name
     * must never count for this one, nor its old silence or heartbeats.
     */
    private static void forgetHost(PolicySession session, String name) {
        deleteAll(session, Host.class, h -> h.getName().equals(name));
        deleteAll(session, FenceDevice.class, d -> d.host().equals(name));
        deleteAll(session, HostUnresponsive.class, u -> u.host().equals(name));
        deleteAll(session, FenceAttempt.class, a -> a.host().equals(name));
        deleteAll(session, FenceConfirmed.class, c -> c.host().equals(name));
        deleteAll(session, FenceAcknowledged.class, a -> a.host().equals(name));
        deleteAll(session, Heartbeat.class, b -> b.host().equals(name));
        deleteAll(session, MaintenanceRequested.class, m -> m.host().equals(name));
        deleteAll(session, MaintenanceEnded.class, m -> m.host().equals(name));
        deleteAll(session, Action.class, a -> a.isFinished() && a.getSubject().equals("host/" + name));
        session.forgetObservation(name);
    }

    /** Everything stated about a VM that left (or enters anew): an old migration must not move the new fact. */
    private static void forgetVm(PolicySession session, String name) {
        deleteAll(session, Vm.class, v -> v.getName().equals(name));
        deleteAll(session, VmCrashed.class, c -> c.vm().equals(name));
        deleteAll(session, VmStartRequested.class, r -> r.vm().equals(name));
        deleteAll(session, Action.class, a -> a.isFinished() && a.getSubject().equals("vm/" + name));
    }

    private static <T> void deleteAll(PolicySession session, Class<T> type, Predicate<T> match) {
        session.facts(type).stream().filter(match).forEach(session::delete);
    }

    private static java.util.List<String> concat(java.util.List<String> a, java.util.List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
