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
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.BlockedReason;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.HostUnresponsive;
import io.lifeboat.facts.JournalKeptLocally;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmBlocked;
import io.lifeboat.facts.VmState;

/** The shipped failover and placement rules on a pseudo clock, from a healthy two-host baseline. */
class FailoverRulesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final CompiledPolicy policy = ShippedPolicy.compiled();

    private ManualClock clock;
    private PolicySession session;
    private long seq;

    @BeforeEach
    void healthyCluster() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        session = new PolicySession(policy, clock, "t-");
        session.insert(ClusterSettings.defaults("test"));
        session.insert(host("h1"));
        session.insert(host("h2"));
        session.insert(new FenceDevice("h1", 1, "fence_ipmilan"));
        session.insert(new FenceDevice("h1", 2, "fence_apc_snmp"));
        session.insert(new FenceDevice("h2", 1, "fence_ipmilan"));
        session.insert(Vm.builder("db1").vcpus(4).memoryMiB(8192).ha(true).priority(100).runningOn("h1").build());
        heartbeat("h1");
        heartbeat("h2");
        assertThat(session.fire()).isEmpty();
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void heartbeatsStopAdvanceJustUnderTimeout_hostIsStillResponsive() {
        clock.advance(Duration.ofSeconds(15));
        heartbeat("h2");
        clock.advance(Duration.ofSeconds(15).minusMillis(1));
        List<Action> actions = session.fire();

        assertThat(actions).as("no action before the timeout").isEmpty();
        assertThat(session.facts(HostUnresponsive.class)).isEmpty();
    }

    @Test
    void heartbeatsStopAdvanceExactlyTimeout_shouldFenceHostAtLevelOne() {
        clock.advance(Duration.ofSeconds(15));
        heartbeat("h2");
        clock.advance(Duration.ofSeconds(15).minusMillis(1));
        session.fire();
        clock.advance(Duration.ofMillis(1));
        List<Action> actions = session.fire();

        assertThat(session.facts(HostUnresponsive.class)).extracting(HostUnresponsive::host)
                .as("h1 was last heard at 0 s, h2 at 15 s").containsExactly("h1");
        assertThat(actions).singleElement().satisfies(a -> {
            FenceHost fence = (FenceHost) a;
            assertThat(fence.getHost()).isEqualTo("h1");
            assertThat(fence.getLevel()).isEqualTo(1);
            assertThat(fence.getExplanation().ruleId()).isEqualTo("failover.fence-unresponsive-host");
            assertThat(fence.getExplanation().matchedFacts()).anyMatch(f -> f.contains("h1"));
        });
    }

    @Test
    void everyHostSilentAtOnce_fencingIsWithheldAndVmsBlocked() {
        clock.advance(TIMEOUT);
        List<Action> actions = session.fire();

        assertThat(actions).as("2 of 2 hosts silent is more than fencingSuspendShare 0.5")
                .singleElement().satisfies(a -> assertThat(((Alert) a).getCode()).isEqualTo("FENCING_SUSPENDED"));
        assertThat(session.facts(VmBlocked.class)).singleElement()
                .satisfies(b -> assertThat(b.code()).isEqualTo(BlockedReason.FENCING_SUSPENDED));
    }

    @Test
    void journalKeptLocally_alertsOnce_andAgainAtTheNextOutageOnly() {
        JournalKeptLocally outage = new JournalKeptLocally(clock.instant(), "Connection refused");
        session.insert(outage);
        List<Action> actions = session.fire();

        assertThat(actions).singleElement().satisfies(a -> {
            Alert alert = (Alert) a;
            assertThat(alert.getCode()).isEqualTo("JOURNAL_KEPT_LOCALLY");
            assertThat(alert.getSubject()).isEqualTo("cluster/test");
            assertThat(alert.getReason()).contains("Connection refused").contains("local file");
            assertThat(alert.getExplanation().ruleId()).isEqualTo("failover.alert-journal-kept-locally");
        });
        session.markDispatched(actions.get(0));
        session.applyOutcome(ActionOutcome.succeeded(actions.get(0).getKey(), "alert agents ran"));
        assertThat(session.fire()).as("one alert per outage").isEmpty();

        session.delete(outage);
        assertThat(session.fire()).isEmpty();
        assertThat(session.facts(Alert.class)).as("failover.forget-journal-kept-locally-alert").isEmpty();
        session.insert(new JournalKeptLocally(clock.instant(), "Connection refused"));
        assertThat(session.fire()).as("the next outage alerts again").singleElement()
                .satisfies(a -> assertThat(((Alert) a).getCode()).isEqualTo("JOURNAL_KEPT_LOCALLY"));
    }

    @Test
    void hostsSilentTwoSecondsApartWithAGrace_countTogetherAndNeitherIsFenced() {
        session.delete(session.facts(ClusterSettings.class).get(0));
        session.insert(ClusterSettings.defaults("test").withFencingGrace(Duration.ofSeconds(5)));
        clock.advance(Duration.ofSeconds(2));
        heartbeat("h2");
        session.fire();
        clock.advance(Duration.ofSeconds(28));
        assertThat(session.fire()).as("h1 timed out at 30 s but its grace runs to 35 s").isEmpty();
        clock.advance(Duration.ofSeconds(5));
        List<Action> actions = session.fire();

        assertThat(actions).as("h2 went silent too (at 32 s): 2 of 2 hosts, fencing is withheld")
                .noneMatch(a -> a instanceof FenceHost)
                .anySatisfy(a -> assertThat(((Alert) a).getCode()).isEqualTo("FENCING_SUSPENDED"));
    }

    @Test
    void hostSilentAloneWithAGrace_isFencedWhenTheGraceEnds() {
        session.delete(session.facts(ClusterSettings.class).get(0));
        session.insert(ClusterSettings.defaults("test").withFencingGrace(Duration.ofSeconds(5)));
        for (int t = 5; t <= 35; t += 5) {
            clock.advance(Duration.ofSeconds(5));
            heartbeat("h2");
            List<Action> actions = session.fire();
            if (t < 35) {
                assertThat(actions).as("no fence at %d s", t).isEmpty();
            } else {
                assertThat(actions).singleElement().isInstanceOf(FenceHost.class);
            }
        }
    }

    @Test
    void newHeartbeatBeforeTimeout_restartsTheCount() {
        clock.advance(Duration.ofSeconds(20));
        heartbeat("h1");
        session.fire();
        clock.advance(Duration.ofSeconds(20));
        session.fire();

        assertThat(session.facts(HostUnresponsive.class)).extracting(HostUnresponsive::host)
                .as("h1 beat at 20 s so it is due at 50 s; h2 has been silent for 40 s").containsExactly("h2");
        assertThat(session.facts(Heartbeat.class)).as("one heartbeat kept per host").hasSize(2);
    }

    @Test
    void fenceSucceeds_haVmStartsOnHostWithRoom() {
        FenceHost fence = silenceH1();
        session.applyOutcome(ActionOutcome.succeeded(fence.getKey(), "Success: Powered OFF"));
        List<Action> actions = session.fire();

        assertThat(hostState("h1")).isEqualTo(HostState.FENCED);
        StartVm start = (StartVm) actions.stream().filter(a -> a instanceof StartVm).findFirst().orElseThrow();
        assertThat(start.getVm()).isEqualTo("db1");
        assertThat(start.getTarget()).isEqualTo("h2");
        assertThat(start.getFromHost()).as("the start names the fenced host for the dispatcher's check").isEqualTo("h1");

        session.applyOutcome(ActionOutcome.succeeded(start.getKey(), "started"));
        session.fire();
        Vm db1 = session.facts(Vm.class).get(0);
        assertThat(db1.getState()).isEqualTo(VmState.RUNNING);
        assertThat(db1.getHost()).isEqualTo("h2");
        assertThat(session.firingsOf("vm/db1")).extracting(FiringLog.Firing::ruleId)
                .as("the explanation chain, in order").containsSubsequence("failover.vms-of-fenced-host-down",
                        "recovery.failover-after-fence", "placement.place-vm", "placement.vm-started");
    }

    @Test
    void levelOneFails_levelTwoIsTried() {
        FenceHost first = silenceH1();
        session.applyOutcome(ActionOutcome.failed(first.getKey(), "Failed: Unable to obtain correct plug status"));
        List<Action> actions = session.fire();

        assertThat(actions).filteredOn(a -> a instanceof FenceHost).singleElement()
                .extracting(a -> ((FenceHost) a).getLevel()).isEqualTo(2);
        assertThat(actions).as("no start while the host is not confirmed off").noneMatch(a -> a instanceof StartVm);
    }

    @Test
    void everyLevelFails_vmBlockedNotFencedAndAlerted() {
        FenceHost first = silenceH1();
        session.applyOutcome(ActionOutcome.failed(first.getKey(), "failed"));
        FenceHost second = (FenceHost) session.fire().get(0);
        session.applyOutcome(ActionOutcome.failed(second.getKey(), "failed"));
        List<Action> actions = session.fire();

        assertThat(actions).filteredOn(a -> a instanceof Alert).singleElement()
                .satisfies(a -> assertThat(((Alert) a).getCode()).isEqualTo("FENCING_FAILED"));
        assertThat(actions).noneMatch(a -> a instanceof StartVm);
        assertThat(session.facts(VmBlocked.class)).singleElement()
                .satisfies(b -> assertThat(b.code()).isEqualTo(BlockedReason.NOT_FENCED));
    }

    @Test
    void fencedButNoRoom_vmBlockedNoCapacity() {
        session.insert(Vm.builder("big").vcpus(8).memoryMiB(60_000).runningOn("h2").build());
        FenceHost fence = silenceH1();
        session.applyOutcome(ActionOutcome.succeeded(fence.getKey(), "ok"));
        List<Action> actions = session.fire();

        assertThat(actions).noneMatch(a -> a instanceof StartVm);
        assertThat(session.facts(VmBlocked.class)).singleElement()
                .satisfies(b -> assertThat(b.code()).isEqualTo(BlockedReason.NO_CAPACITY));
    }

    @Test
    void startRefusedOnOnlyHostWithRoom_vmBlockedWithTheRefusal() {
        FenceHost fence = silenceH1();
        session.applyOutcome(ActionOutcome.succeeded(fence.getKey(), "ok"));
        StartVm start = (StartVm) session.fire().get(0);
        session.applyOutcome(new ActionOutcome(start.getKey(), io.lifeboat.actions.ActionStatus.REFUSED,
                "no definition of db1 was ever seen"));
        List<Action> actions = session.fire();

        assertThat(actions).as("h2 was tried; there is no other host").isEmpty();
        assertThat(session.facts(VmBlocked.class)).singleElement().satisfies(b -> {
            assertThat(b.code()).isEqualTo(BlockedReason.NO_ELIGIBLE_HOST);
            assertThat(b.message()).contains("starting on h2 failed: no definition of db1 was ever seen");
        });
    }

    @Test
    void startTimesOut_vmWaitsBlockedUntilTheTargetShowsIt() {
        FenceHost fence = silenceH1();
        session.applyOutcome(ActionOutcome.succeeded(fence.getKey(), "ok"));
        StartVm start = (StartVm) session.fire().get(0);
        session.applyOutcome(new ActionOutcome(start.getKey(), io.lifeboat.actions.ActionStatus.TIMED_OUT, "no answer"));

        assertThat(session.fire()).as("no second start while the first may still complete").isEmpty();
        assertThat(session.facts(VmBlocked.class)).singleElement()
                .satisfies(b -> assertThat(b.message()).contains("timed out"));

        session.observe("h2", Set.of("db1"));
        session.fire();
        Vm db1 = session.facts(Vm.class).get(0);
        assertThat(db1.getState()).isEqualTo(VmState.RUNNING);
        assertThat(db1.getHost()).isEqualTo("h2");
        assertThat(session.facts(VmBlocked.class)).isEmpty();
    }

    /** Lets h1 go silent while h2 keeps beating; returns the level-1 fence action. */
    private FenceHost silenceH1() {
        clock.advance(Duration.ofSeconds(15));
        heartbeat("h2");
        session.fire();
        clock.advance(Duration.ofSeconds(15));
        heartbeat("h2");
        List<Action> actions = session.fire();
        assertThat(actions).hasSize(1);
        return (FenceHost) actions.get(0);
    }

    private void heartbeat(String host) {
        session.insert(new Heartbeat(host, ++seq));
    }

    private HostState hostState(String name) {
        return session.facts(Host.class).stream().filter(h -> h.getName().equals(name)).findFirst().orElseThrow()
                .getState();
    }

    private static Host host(String name) {
        return Host.builder(name).cpus(16).memoryMiB(65536).storage(Set.of("san1")).networks(Set.of("prod")).build();
    }
}
