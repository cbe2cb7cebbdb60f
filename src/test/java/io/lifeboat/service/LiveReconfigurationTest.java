package io.lifeboat.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.StartVm;
import io.lifeboat.config.ClusterDiff;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmState;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.ManualClock;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.policy.ShippedPolicy;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.ScenarioFacts;
import io.lifeboat.testing.TestClusters;

/**
 * A new document reaching a running session, on the pseudo clock: configuration changes never change what is
 * happening (a fenced host stays fenced, a VM stays where it runs), and nothing left by a host or VM that left the
 * cluster speaks for a newcomer of the same name.
 */
class LiveReconfigurationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final CompiledPolicy policy = ShippedPolicy.compiled();

    private ManualClock clock;
    private PolicySession session;
    private ClusterDocument current;
    private long seq;

    @BeforeEach
    void runningCluster() throws Exception {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        session = new PolicySession(policy, clock, "t-");
        current = TestClusters.threeHosts(Path.of("target/live-reconfiguration"), (int) TIMEOUT.toSeconds()).normalized();
        session.insert(ScenarioFacts.settings(current.cluster(), Duration.ZERO));
        for (HostSpec h : current.hosts()) {
            session.insert(ScenarioFacts.host(h));
            ScenarioFacts.fenceLevels(h).forEach(session::insert);
        }
        current.failoverDomains().forEach(d -> session.insert(ScenarioFacts.domain(d)));
        current.vms().forEach(v -> session.insert(ScenarioFacts.vm(v)));
        heartbeats("h1", "h2", "h3");
        assertThat(session.fire()).isEmpty();
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void fencedHostGetsALabel_staysFencedAndNothingIsDecided() {
        fenceH1AndRestartItsVms();

        List<Action> actions = change(withLabel(current, "h1", "rack", "r9"));

        assertThat(actions).as("a label is not a reason to fence or start anything").isEmpty();
        assertThat(host("h1").getState()).isEqualTo(HostState.FENCED);
        assertThat(host("h1").getLabels()).containsEntry("rack", "r9");
    }

    @Test
    void hostRemovedAfterItsFenceAndAddedAgain_isUpAndNotFencedByTheOldOutcome() {
        fenceH1AndRestartItsVms();

        List<Action> actions = removeH1AndAddItAgain();

        assertThat(host("h1").getState()).as("the old fence's success is forgotten with the old host")
                .isEqualTo(HostState.UP);
        heartbeats("h1", "h2", "h3");
        actions = concat(actions, session.fire());
        assertThat(host("h1").getState()).isEqualTo(HostState.UP);
        assertThat(actions).noneMatch(a -> a instanceof FenceHost || a instanceof StartVm);
    }

    @Test
    void hostRemovedAfterItsFenceAndAddedAgain_fallingSilentIsFencedAfreshNotConfirmedOffByTheOldFence() {
        fenceH1AndRestartItsVms();
        removeH1AndAddItAgain();
        heartbeats("h1", "h2", "h3");
        session.fire();

        clock.advance(TIMEOUT.minusSeconds(1));
        heartbeats("h2", "h3");
        session.fire();
        clock.advance(Duration.ofSeconds(1));
        List<Action> actions = session.fire();

        assertThat(host("h1").getState()).as("silent, and not confirmed off by the old host's fence").isEqualTo(HostState.UP);
        assertThat(actions).filteredOn(FenceHost.class::isInstance).singleElement()
                .satisfies(a -> assertThat(((FenceHost) a).getAttempt()).isEqualTo(1));
    }

    /** Takes h1 out of the document (and out of fd-db), then puts the original document back. */
    private List<Action> removeH1AndAddItAgain() {
        ClusterDocument withoutH1 = current.withoutHost("h1");
        withoutH1 = new ClusterDocument(withoutH1.cluster(), withoutH1.hosts(), withoutH1.vms(),
                List.of(new io.lifeboat.simulate.Scenario.FailoverDomainSpec("fd-db", true, true, false,
                        List.of(new io.lifeboat.simulate.Scenario.MemberSpec("h3", 2)))));
        ClusterDocument original = current;
        assertThat(change(withoutH1)).isEmpty();
        return change(original);
    }

    @Test
    void vmSettingsChangedWhileItRuns_keepsItsHostAndState() {
        ClusterDocument changed = current.withVm(new io.lifeboat.simulate.Scenario.VmSpec("db1", 4, 4096L, "h3",
                null, true, true, 1, List.of("san1"), List.of("prod"), null, null, null, null, null)).normalized();

        assertThat(change(changed)).isEmpty();

        Vm db1 = vm("db1");
        assertThat(db1.getState()).isEqualTo(VmState.RUNNING);
        assertThat(db1.getHost()).as("the document's host is not an order to move it").isEqualTo("h1");
        assertThat(db1.getMemoryMiB()).isEqualTo(4096);
    }

    @Test
    void configuredStateChangeToMaintenance_evacuates_andALabelEditDoesNotEndIt() {
        List<Action> actions = change(withState(current, "h2", io.lifeboat.simulate.Scenario.HostSpecState.MAINTENANCE));
        assertThat(host("h2").getState()).isEqualTo(HostState.MAINTENANCE);
        assertThat(actions).extracting(Action::getSubject).contains("vm/app1");

        change(withLabel(current, "h2", "note", "disk swap"));

        assertThat(host("h2").getState()).as("only a change of the configured state ends it").isEqualTo(HostState.MAINTENANCE);
    }

    private void fenceH1AndRestartItsVms() {
        clock.advance(Duration.ofSeconds(15));
        heartbeats("h2", "h3");
        clock.advance(Duration.ofSeconds(15));
        heartbeats("h2", "h3");
        FenceHost fence = (FenceHost) session.fire().stream().filter(a -> a instanceof FenceHost).findFirst().orElseThrow();
        session.markDispatched(fence);
        session.applyOutcome(ActionOutcome.succeeded(fence.getKey(), "Success: Powered OFF"));
        for (Action start : session.fire()) {
            session.markDispatched(start);
            session.applyOutcome(ActionOutcome.succeeded(start.getKey(), "started"));
        }
        assertThat(session.fire()).isEmpty();
        assertThat(host("h1").getState()).isEqualTo(HostState.FENCED);
    }

    /** Applies a document as the live service does, and returns what the rules decide at once. */
    private List<Action> change(ClusterDocument next) {
        ClusterDocument after = next.normalized();
        new LiveReconfiguration(current, after, ClusterDiff.between(current, after), Duration.ZERO).apply(session);
        current = after;
        List<Action> actions = session.fire();
        actions.forEach(session::markDispatched);
        return actions;
    }

    private static ClusterDocument withLabel(ClusterDocument d, String host, String key, String value) {
        HostSpec h = d.host(host).orElseThrow();
        return d.withHost(new HostSpec(h.name(), h.os(), h.osVersion(), h.hypervisor(), h.cpus(), h.memoryMiB(),
                h.state(), h.storage(), h.networks(), Map.of(key, value), h.fencing(), h.uri()));
    }

    private static ClusterDocument withState(ClusterDocument d, String host,
                                             io.lifeboat.simulate.Scenario.HostSpecState state) {
        HostSpec h = d.host(host).orElseThrow();
        return d.withHost(new HostSpec(h.name(), h.os(), h.osVersion(), h.hypervisor(), h.cpus(), h.memoryMiB(),
                state, h.storage(), h.networks(), h.labels(), h.fencing(), h.uri()));
    }

    private void heartbeats(String... hosts) {
        for (String host : hosts) {
            session.insert(new Heartbeat(host, ++seq));
        }
    }

    private Host host(String name) {
        return session.facts(Host.class).stream().filter(h -> h.getName().equals(name)).findFirst().orElseThrow();
    }

    private Vm vm(String name) {
        return session.facts(Vm.class).stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<Action> concat(List<Action> a, List<Action> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
