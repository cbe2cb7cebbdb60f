package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.HostStatus;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmStatus;

/**
 * picture.drl on a pseudo clock: each host and VM gets exactly the state people should see at each step of a
 * failover (h1 dies: suspect during its grace, fencing, fenced; its HA VM recovering then running elsewhere).
 */
class PictureRulesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final CompiledPolicy policy = ShippedPolicy.compiled();

    private ManualClock clock;
    private PolicySession session;
    private long seq;

    @BeforeEach
    void healthyCluster() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        session = new PolicySession(policy, clock, "t-");
        session.insert(ClusterSettings.defaults("test").withFencingGrace(GRACE));
        for (String h : List.of("h1", "h2", "h3")) {
            session.insert(Host.builder(h).cpus(16).memoryMiB(65536).build());
        }
        session.insert(new FenceDevice("h1", 1, "fence_ipmilan"));
        session.insert(new FenceDevice("h2", 1, "fence_ipmilan"));
        session.insert(Vm.builder("db1").vcpus(2).memoryMiB(4096).ha(true).runningOn("h1").build());
        session.insert(Vm.builder("scratch").runningOn("h1").build());
        session.insert(Vm.builder("spare").stopped().build());
        heartbeats("h1", "h2", "h3");
        assertThat(session.fire()).isEmpty();
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void healthyCluster_hostsUp_vmsRunningWhereTheyRun_stoppedOnesStopped() {
        assertThat(host("h1").state()).isEqualTo(HostStatus.State.UP);
        assertThat(host("h1").reason()).isNull();
        assertThat(vm("db1").state()).isEqualTo(VmStatus.State.RUNNING);
        assertThat(vm("db1").host()).isEqualTo("h1");
        assertThat(vm("spare").state()).isEqualTo(VmStatus.State.STOPPED);
    }

    @Test
    void hostInMaintenance_isMaintenance() {
        Host h3 = session.facts(Host.class).stream().filter(h -> h.getName().equals("h3")).findFirst().orElseThrow();
        h3.setState(HostState.MAINTENANCE);
        session.update(h3);
        session.fire();

        assertThat(host("h3").state()).isEqualTo(HostStatus.State.MAINTENANCE);
    }

    @Test
    void hostSilentPastItsTimeout_isSuspectDuringItsGrace_andItsVmsAreBlockedNotFenced() {
        silenceH1PastTimeout();

        assertThat(session.fire()).as("the grace is not over").isEmpty();
        assertThat(host("h1").state()).isEqualTo(HostStatus.State.SUSPECT);
        assertThat(vm("db1").state()).isEqualTo(VmStatus.State.BLOCKED);
        assertThat(vm("db1").reasonCode()).isEqualTo("NOT_FENCED");
        assertThat(vm("db1").host()).as("nobody can say it runs there").isNull();
    }

    @Test
    void fenceInFlight_isFencing_thenFenced_andTheHaVmRecoversWhileTheOtherStops() {
        silenceH1PastTimeout();
        session.fire();
        clock.advance(GRACE);
        heartbeats("h2", "h3");
        FenceHost fence = fire(FenceHost.class);

        assertThat(host("h1").state()).isEqualTo(HostStatus.State.FENCING);
        session.applyOutcome(ActionOutcome.succeeded(fence.getKey(), "Success: Powered OFF"));
        List<Action> starts = session.fire();
        starts.forEach(session::markDispatched);

        assertThat(host("h1").state()).isEqualTo(HostStatus.State.FENCED);
        assertThat(picture().host("h1").memoryUsedMiB()).as("a fenced host carries nothing").isZero();
        assertThat(vm("db1").state()).as("its start is on the way").isEqualTo(VmStatus.State.RECOVERING);
        assertThat(vm("scratch").state()).as("not HA: nothing restarts it").isEqualTo(VmStatus.State.STOPPED);

        starts.forEach(s -> session.applyOutcome(ActionOutcome.succeeded(s.getKey(), "started")));
        session.fire();
        assertThat(vm("db1").state()).isEqualTo(VmStatus.State.RUNNING);
        assertThat(vm("db1").host()).isIn("h2", "h3");
    }

    @Test
    void silentHostWithoutAFenceDevice_isDown_andItsVmsBlockedByTheRule() {
        session.insert(Vm.builder("web3").runningOn("h3").build());
        clock.advance(TIMEOUT);
        heartbeats("h1", "h2");
        session.fire();
        clock.advance(GRACE);
        heartbeats("h1", "h2");
        session.fire().forEach(session::markDispatched);

        assertThat(host("h3").state()).isEqualTo(HostStatus.State.DOWN);
        assertThat(host("h3").reason()).contains("h3");
        assertThat(vm("web3").state()).isEqualTo(VmStatus.State.BLOCKED);
        assertThat(vm("web3").reasonCode()).isEqualTo("NOT_FENCED");
    }

    private void silenceH1PastTimeout() {
        clock.advance(TIMEOUT.dividedBy(2));
        heartbeats("h2", "h3");
        clock.advance(TIMEOUT.dividedBy(2));
        heartbeats("h2", "h3");
    }

    private <T extends Action> T fire(Class<T> type) {
        List<Action> actions = session.fire();
        actions.forEach(session::markDispatched);
        return actions.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private ClusterPicture picture() {
        return ClusterPicture.of(session);
    }

    private ClusterPicture.HostRow host(String name) {
        return picture().host(name);
    }

    private ClusterPicture.VmRow vm(String name) {
        return picture().vms().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private void heartbeats(String... hosts) {
        for (String host : Set.of(hosts)) {
            session.insert(new Heartbeat(host, ++seq));
        }
    }
}
