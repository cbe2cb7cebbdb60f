package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.BlockedReason;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceAcknowledged;
import io.lifeboat.facts.FenceAttempt;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.FencingStartupGrace;
import io.lifeboat.facts.FencingSuspended;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.HostStatus;
import io.lifeboat.facts.HostUnresponsive;
import io.lifeboat.facts.MaintenanceRequested;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmBlocked;
import io.lifeboat.fencing.ManualFenceConfirmation.Verdict;
import io.lifeboat.fencing.ManualFenceConfirmation;

/**
 * Fencing that keeps trying and can be confirmed by hand, on the pseudo clock: retries with backoff, operator
 * acknowledgements, the startup grace, the suspension share over live hosts, and rejoining only on a fresh heartbeat.
 * Four hosts (h1 with two fence levels, the others one), db1 (HA) on h1; answering hosts beat every 5 s.
 */
class FencingRulesTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final CompiledPolicy policy = ShippedPolicy.compiled();

    private ManualClock clock;
    private PolicySession session;
    private final PowerLedger ledger = new PowerLedger();
    private ManualFenceConfirmation acks;
    private final Set<String> answering = new HashSet<>(Set.of("h1", "h2", "h3", "h4"));
    /** Every action the rules decided, in order. */
    private final List<Action> decided = new ArrayList<>();
    private long seq;

    @BeforeEach
    void healthyCluster() {
        clock = new ManualClock(START);
        session = new PolicySession(policy, clock, "t-");
        acks = new ManualFenceConfirmation(ledger);
        session.insert(ClusterSettings.defaults("test"));
        for (String h : List.of("h1", "h2", "h3", "h4")) {
            session.insert(Host.builder(h).cpus(16).memoryMiB(65536).build());
            session.insert(new FenceDevice(h, 1, "fence_ipmilan"));
        }
        session.insert(new FenceDevice("h1", 2, "fence_apc_snmp"));
        session.insert(Vm.builder("db1").vcpus(4).memoryMiB(8192).ha(true).runningOn("h1").build());
        answering.forEach(this::heartbeat);
        assertThat(fire()).isEmpty();
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    // --- retries with backoff --------------------------------------------------------------------------------

    @Test
    void everyLevelFails_theNextAttemptStartsAtLevelOneAfterTheInitialBackoff() {
        failAttempt(silence("h1"));
        Instant exhausted = clock.instant();

        assertThat(run(Duration.ofSeconds(29))).as("nothing before the 30 s backoff").isEmpty();
        FenceHost retry = onlyFence(run(Duration.ofSeconds(1)));

        assertThat(retry.getLevel()).isEqualTo(1);
        assertThat(retry.getAttempt()).isEqualTo(2);
        assertThat(clock.instant()).isEqualTo(exhausted.plusSeconds(30));
        assertThat(retry.getExplanation().ruleId()).isEqualTo("failover.fence-unresponsive-host");
    }

    @Test
    void everyAttemptFails_theWaitDoublesUpToTheMax() {
        session.delete(session.facts(ClusterSettings.class).get(0));
        session.insert(ClusterSettings.defaults("test").withFenceRetry(Duration.ofSeconds(30), Duration.ofSeconds(100)));
        FenceHost fence = silence("h1");
        List<Long> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 4; attempt++) {
            failAttempt(fence);
            Instant exhausted = clock.instant();
            fence = nextFence();
            assertThat(fence.getAttempt()).isEqualTo(attempt + 1);
            waits.add(Duration.between(exhausted, clock.instant()).toSeconds());
        }

        assertThat(waits).containsExactly(30L, 60L, 100L, 100L);
    }

    @Test
    void waitingForTheNextAttempt_vmIsBlockedNotFencedWithWhenItStarts() {
        failAttempt(silence("h1"));
        Instant next = clock.instant().plusSeconds(30);

        assertThat(session.facts(VmBlocked.class)).singleElement().satisfies(b -> {
            assertThat(b.code()).isEqualTo(BlockedReason.NOT_FENCED);
            assertThat(b.message()).isEqualTo("every fence level of h1 failed (attempt 1); attempt 2 in 30 s, at " + next);
        });
        assertThat(hostState("h1")).isEqualTo(HostState.UP);
    }

    @Test
    void eachFailedAttemptAlertsOnce() {
        FenceHost fence = silence("h1");
        failAttempt(fence);
        failAttempt(nextFence());
        run(Duration.ofSeconds(59));

        assertThat(alerts("FENCING_FAILED")).as("two failed attempts, two alerts, nothing in between")
                .extracting(Action::getReason).hasSize(2)
                .anySatisfy(r -> assertThat(r).contains("(attempt 1); attempt 2 in 30 s"))
                .anySatisfy(r -> assertThat(r).contains("(attempt 2); attempt 3 in 60 s"));
    }

    @Test
    void retrySucceeds_hostIsFencedAndItsVmRestartsElsewhere() {
        failAttempt(silence("h1"));
        FenceHost retry = nextFence();
        session.applyOutcome(ActionOutcome.succeeded(retry.getKey(), "Success: Powered OFF"));
        List<Action> actions = fire();

        assertThat(hostState("h1")).isEqualTo(HostState.FENCED);
        assertThat(actions).filteredOn(StartVm.class::isInstance).singleElement()
                .satisfies(a -> assertThat(((StartVm) a).getFromHost()).isEqualTo("h1"));
    }

    @Test
    void retrySucceedsAfterTheLastHeartbeatExpired_hostIsStillConfirmedOff() {
        session.delete(session.facts(ClusterSettings.class).get(0));
        session.insert(ClusterSettings.defaults("test").withFenceRetry(Duration.ofMinutes(20), Duration.ofMinutes(20)));
        failAttempt(silence("h1"));
        FenceHost retry = nextFence();
        assertThat(session.facts(Heartbeat.class)).as("heartbeats expire after 15 minutes")
                .noneMatch(b -> b.host().equals("h1"));

        session.applyOutcome(ActionOutcome.succeeded(retry.getKey(), "Success: Powered OFF"));
        fire();

        assertThat(hostState("h1")).isEqualTo(HostState.FENCED);
    }

    @Test
    void hostAnswersDuringTheBackoff_noRetryAndItsVmIsNotBlocked() {
        failAttempt(silence("h1"));
        run(Duration.ofSeconds(10));
        answering.add("h1");
        List<Action> later = run(Duration.ofSeconds(60));

        assertThat(later).noneMatch(FenceHost.class::isInstance);
        assertThat(session.facts(HostUnresponsive.class)).isEmpty();
        assertThat(session.facts(FenceAttempt.class)).as("its next failure starts from attempt 1").isEmpty();
        assertThat(session.facts(VmBlocked.class)).isEmpty();
    }

    @Test
    void manyFailedAttempts_onlyTheCurrentAttemptIsKept() {
        FenceHost fence = silence("h1");
        for (int attempt = 1; attempt <= 6; attempt++) {
            failAttempt(fence);
            fence = nextFence();
        }

        assertThat(session.facts(FenceAttempt.class)).containsExactly(new FenceAttempt("h1", 7));
        assertThat(session.facts(FenceHost.class)).as("the earlier attempts' fences are journalled, not kept")
                .allSatisfy(f -> assertThat(f.getAttempt()).isEqualTo(7));
        assertThat(session.facts(Alert.class)).as("one alert per host at most").hasSizeLessThanOrEqualTo(1);
    }

    // --- manual confirmation ---------------------------------------------------------------------------------

    @Test
    void operatorAcknowledgesASilentHostWhoseFencingFailed_itIsFencedAndItsVmRestartsElsewhere() {
        failAttempt(silence("h1"));

        ManualFenceConfirmation.Answer answer = acks.acknowledge(session, "h1", "alice");
        List<Action> actions = fire();

        assertThat(answer.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(ledger.isConfirmedOff("h1")).as("the dispatcher's own check learns it first").isTrue();
        assertThat(hostState("h1")).isEqualTo(HostState.FENCED);
        assertThat(actions).filteredOn(StartVm.class::isInstance).singleElement()
                .satisfies(a -> assertThat(((StartVm) a).getFromHost()).isEqualTo("h1"));
        assertThat(alerts("FENCE_ACKNOWLEDGED")).singleElement()
                .satisfies(a -> assertThat(a.getReason()).startsWith("alice confirmed that h1 is powered off"));
        assertThat(run(Duration.ofMinutes(10))).as("no more fence attempts").noneMatch(FenceHost.class::isInstance);
        assertThat(session.facts(FenceAcknowledged.class)).isEmpty();
    }

    @Test
    void ackForAHostThatAnswers_isRefusedAndReportedAndNothingStarts() {
        ManualFenceConfirmation.Answer answer = acks.acknowledge(session, "h1", "bob");
        List<Action> actions = fire();

        assertThat(answer.verdict()).isEqualTo(Verdict.NOT_SILENT);
        assertThat(ledger.isConfirmedOff("h1")).isFalse();
        assertThat(hostState("h1")).isEqualTo(HostState.UP);
        assertThat(actions).noneMatch(StartVm.class::isInstance);
        assertThat(alerts("FENCE_ACK_REFUSED")).singleElement()
                .satisfies(a -> assertThat(a.getReason()).startsWith("bob acknowledged h1 as powered off, refused"));
        assertThat(session.facts(FenceAcknowledged.class)).isEmpty();
    }

    @Test
    void ackForASilentHostThatAnsweredSinceTheRulesLastRan_isRefused() {
        failAttempt(silence("h1"));
        heartbeat("h1");

        ManualFenceConfirmation.Answer answer = acks.acknowledge(session, "h1", "carol");
        List<Action> actions = fire();

        assertThat(answer.verdict()).isEqualTo(Verdict.NOT_SILENT);
        assertThat(ledger.isConfirmedOff("h1")).isFalse();
        assertThat(hostState("h1")).isEqualTo(HostState.UP);
        assertThat(actions).noneMatch(StartVm.class::isInstance);
        assertThat(session.facts(VmBlocked.class)).isEmpty();
    }

    @Test
    void ackFactForAnAnsweringHost_isRefusedByTheRulesThemselves() {
        session.insert(new FenceAcknowledged("h2", "dave"));
        fire();

        assertThat(hostState("h2")).isEqualTo(HostState.UP);
        assertThat(alerts("FENCE_ACK_REFUSED")).hasSize(1);
    }

    @Test
    void ackForAFencedHostOrAnUnknownOne_isNotAccepted() {
        FenceHost fence = silence("h1");
        session.applyOutcome(ActionOutcome.succeeded(fence.getKey(), "Success: Powered OFF"));
        fire();

        assertThat(acks.acknowledge(session, "h1", "erin").verdict()).isEqualTo(Verdict.ALREADY_CONFIRMED_OFF);
        assertThat(acks.acknowledge(session, "h9", "erin").verdict()).isEqualTo(Verdict.UNKNOWN_HOST);
        assertThat(ledger.isConfirmedOff("h1")).as("an acknowledgement not accepted never reaches the ledger").isFalse();
    }

    // --- startup grace ----------------------------------------------------------------------------------------

    @Test
    void hostSilentFromTheStart_isFencedOnlyWhenTheStartupGraceIsOver() {
        session.insert(new FencingStartupGrace(clock.instant(), Duration.ofSeconds(90)));
        answering.remove("h1");

        assertThat(run(Duration.ofSeconds(89))).as("h1 timed out at 30 s, but the grace runs to 90 s").isEmpty();
        assertThat(session.facts(HostUnresponsive.class)).extracting(HostUnresponsive::host).containsExactly("h1");
        FenceHost fence = onlyFence(run(Duration.ofSeconds(1)));

        assertThat(fence.getHost()).isEqualTo("h1");
        assertThat(session.facts(FencingStartupGrace.class)).isEmpty();
    }

    @Test
    void hostThatAnswersAgainBeforeTheStartupGraceEnds_isNeverFenced() {
        session.insert(new FencingStartupGrace(clock.instant(), Duration.ofSeconds(90)));
        answering.remove("h1");
        List<Action> actions = new ArrayList<>(run(Duration.ofSeconds(60)));
        answering.add("h1");
        actions.addAll(run(Duration.ofSeconds(120)));

        assertThat(actions).noneMatch(FenceHost.class::isInstance);
        assertThat(hostState("h1")).isEqualTo(HostState.UP);
    }

    // --- the suspension share is over live hosts -------------------------------------------------------------

    @Test
    void linkLostToTheOnlyTwoLiveHostsOfFour_fencingIsWithheld() {
        fenceHost("h1");
        fenceHost("h2");

        answering.removeAll(Set.of("h3", "h4"));
        List<Action> actions = run(Duration.ofSeconds(60));

        assertThat(actions).as("2 of 2 live hosts silent: h1 and h2 are fenced, so they are not live")
                .noneMatch(FenceHost.class::isInstance);
        assertThat(session.facts(FencingSuspended.class)).singleElement()
                .satisfies(s -> assertThat(s.liveHosts()).isEqualTo(2));
        assertThat(alerts("FENCING_SUSPENDED")).singleElement()
                .satisfies(a -> assertThat(a.getReason()).startsWith("2 of 2 live hosts are silent"));
    }

    @Test
    void hostsInMaintenanceAreNotLive_twoSilentOfTheOtherTwoWithholdsFencing() {
        session.insert(new MaintenanceRequested("h3"));
        session.insert(new MaintenanceRequested("h4"));
        fire();

        answering.removeAll(Set.of("h1", "h2"));
        List<Action> actions = run(Duration.ofSeconds(60));

        assertThat(actions).noneMatch(FenceHost.class::isInstance);
        assertThat(session.facts(FencingSuspended.class)).isNotEmpty();
    }

    @Test
    void oneOfThreeLiveHostsSilentWhileAFourthIsFenced_isFenced() {
        fenceHost("h4");

        answering.remove("h3");
        List<Action> actions = run(Duration.ofSeconds(40));

        assertThat(actions).filteredOn(FenceHost.class::isInstance).singleElement()
                .satisfies(a -> assertThat(((FenceHost) a).getHost()).isEqualTo("h3"));
    }

    // --- a host in maintenance that goes silent -----------------------------------------------------------------

    @Test
    void hostInMaintenanceThatGoesSilent_isDeclaredAndFencedLikeAnySilentHost() {
        session.insert(new MaintenanceRequested("h2"));
        fire();
        assertThat(hostState("h2")).isEqualTo(HostState.MAINTENANCE);

        fenceHost("h2");

        assertThat(session.facts(HostStatus.class)).filteredOn(s -> s.host().equals("h2")).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(HostStatus.State.FENCED));
    }

    @Test
    void fencedHostThatWasInMaintenance_rejoinsInMaintenance_notTakingVms() {
        session.insert(new MaintenanceRequested("h2"));
        fire();
        fenceHost("h2");

        heartbeat("h2");
        fire();

        assertThat(hostState("h2")).as("the operator's work may not be done").isEqualTo(HostState.MAINTENANCE);
    }

    // --- a fenced host rejoins only on a heartbeat newer than its confirmation --------------------------------

    @Test
    void heartbeatThatArrivedWhileTheFenceWasInFlight_doesNotMakeTheFencedHostRejoin() {
        FenceHost fence = silence("h1");
        heartbeat("h1"); // a probe answered before the power went off
        fire();
        session.applyOutcome(ActionOutcome.succeeded(fence.getKey(), "Success: Powered OFF"));
        fire();

        assertThat(hostState("h1")).isEqualTo(HostState.FENCED);
        assertThat(run(Duration.ofMinutes(2))).as("h1 stays off: nothing to decide about it")
                .noneMatch(a -> a.getSubject().equals("host/h1"));
        assertThat(hostState("h1")).isEqualTo(HostState.FENCED);
    }

    @Test
    void heartbeatNewerThanTheConfirmation_makesTheFencedHostRejoin() {
        fenceHost("h1");
        heartbeat("h1");
        fire();

        assertThat(hostState("h1")).isEqualTo(HostState.UP);
        assertThat(session.facts(HostUnresponsive.class)).isEmpty();
    }

    @Test
    void acknowledgedHostThatAnswersLater_rejoins() {
        failAttempt(silence("h1"));
        acks.acknowledge(session, "h1", "alice");
        fire();
        assertThat(hostState("h1")).isEqualTo(HostState.FENCED);

        answering.add("h1");
        run(Duration.ofSeconds(5));

        assertThat(hostState("h1")).isEqualTo(HostState.UP);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** The host stops answering; the others go on; returns its level-1 fence of attempt 1, at its 30 s timeout. */
    private FenceHost silence(String host) {
        answering.remove(host);
        FenceHost fence = onlyFence(run(Duration.ofSeconds(30)));
        assertThat(fence.getHost()).isEqualTo(host);
        assertThat(fence.getAttempt()).isEqualTo(1);
        return fence;
    }

    /** Silences a host and fences it at level 1. */
    private void fenceHost(String host) {
        FenceHost fence = silence(host);
        session.applyOutcome(ActionOutcome.succeeded(fence.getKey(), "Success: Powered OFF"));
        fire();
        assertThat(hostState(host)).isEqualTo(HostState.FENCED);
    }

    /** Fails this fence and every later level of its attempt, as they are decided. */
    private void failAttempt(FenceHost fence) {
        FenceHost current = fence;
        for (int level = 1; current != null; level++) {
            assertThat(level).as("h1 has two fence levels").isLessThanOrEqualTo(2);
            session.applyOutcome(ActionOutcome.failed(current.getKey(), "Failed: simulated"));
            current = fire().stream().filter(FenceHost.class::isInstance).map(FenceHost.class::cast).findFirst()
                    .orElse(null);
        }
    }

    /** Runs until the rules decide the next fence. */
    private FenceHost nextFence() {
        for (int s = 0; s < 3_600; s++) {
            List<Action> actions = run(Duration.ofSeconds(1));
            if (actions.stream().anyMatch(FenceHost.class::isInstance)) {
                return onlyFence(actions);
            }
        }
        throw new AssertionError("no fence within an hour");
    }

    private static FenceHost onlyFence(List<Action> actions) {
        assertThat(actions).filteredOn(FenceHost.class::isInstance).hasSize(1);
        return (FenceHost) actions.stream().filter(FenceHost.class::isInstance).findFirst().orElseThrow();
    }

    /** Moves the clock second by second; answering hosts beat every 5 s. Returns what the rules decided. */
    private List<Action> run(Duration span) {
        List<Action> actions = new ArrayList<>();
        for (long s = 0; s < span.toSeconds(); s++) {
            clock.advance(Duration.ofSeconds(1));
            if (Duration.between(START, clock.instant()).toSeconds() % 5 == 0) {
                answering.forEach(this::heartbeat);
            }
            actions.addAll(fire());
        }
        return actions;
    }

    /** Fires; alerts are carried out at once (as the dispatcher does), other actions wait for the test. */
    private List<Action> fire() {
        List<Action> all = new ArrayList<>();
        List<Action> fresh = session.fire();
        for (int round = 0; !fresh.isEmpty(); round++) {
            assertThat(round).as("the rules settle").isLessThan(100);
            all.addAll(fresh);
            decided.addAll(fresh);
            fresh.stream().filter(Alert.class::isInstance)
                    .forEach(a -> session.applyOutcome(ActionOutcome.succeeded(a.getKey(), "logged")));
            fresh = session.fire();
        }
        return all;
    }

    private List<Alert> alerts(String code) {
        return decided.stream().filter(Alert.class::isInstance).map(Alert.class::cast)
                .filter(a -> a.getCode().equals(code)).toList();
    }

    private void heartbeat(String host) {
        session.insert(new Heartbeat(host, ++seq));
    }

    private HostState hostState(String name) {
        return session.facts(Host.class).stream().filter(h -> h.getName().equals(name)).findFirst().orElseThrow()
                .getState();
    }
}
