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
import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.BlockedReason;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.Recovery;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmBlocked;
import io.lifeboat.facts.VmCrashed;
import io.lifeboat.facts.VmShutDown;
import io.lifeboat.facts.VmState;

/**
 * What the live monitor reports when a VM stops on a live host without Lifeboat ordering it: a crash (or a kill, or
 * an unexplained stop) is recovered per the VM's policy, a clean shutdown is taken as meant. Pseudo clock.
 */
class CrashRecoveryRulesTest {
    private static final Duration BEAT = Duration.ofSeconds(5);
    private static final CompiledPolicy policy = ShippedPolicy.compiled();

    private ManualClock clock;
    private PolicySession session;
    private long seq;

    @BeforeEach
    void twoLiveHosts() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        session = new PolicySession(policy, clock, "t-");
        session.insert(ClusterSettings.defaults("test"));
        for (String name : List.of("h1", "h2")) {
            session.insert(Host.builder(name).cpus(16).memoryMiB(65536).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
            session.insert(new Heartbeat(name, 0));
        }
        assertThat(session.fire()).isEmpty();
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void guestShutDownCleanly_vmIsStoppedNotRestartedAndOperatorsAreTold() {
        vm(Vm.builder("db1").ha(true).runningOn("h1"));

        session.insert(new VmShutDown("db1", "h1", clock.millis(), "shut down"));
        List<Action> actions = session.fire();

        assertThat(vm("db1").getState()).isEqualTo(VmState.STOPPED);
        assertThat(actions).as("no start, one alert").singleElement().isInstanceOfSatisfying(Alert.class, a -> {
            assertThat(a.getCode()).isEqualTo("VM_SHUT_DOWN");
            assertThat(a.getReason()).isEqualTo("db1 was shut down on h1 outside Lifeboat: it stays stopped until someone starts it");
            assertThat(a.getExplanation().ruleId()).isEqualTo("recovery.guest-shutdown");
        });
    }

    @Test
    void shutDownAlertDelivered_isForgottenSoItHidesNothingFromTheRules() {
        vm(Vm.builder("db1").ha(true).runningOn("h1"));
        session.insert(new VmShutDown("db1", "h1", clock.millis(), "shut down"));

        complete(session.fire());

        assertThat(session.facts(Alert.class)).as("journalled, then forgotten").isEmpty();
    }

    @Test
    void unmanagedVmShutDown_isNotLifeboatsBusiness() {
        vm(Vm.builder("local1").managed(false).runningOn("h2"));

        session.insert(new VmShutDown("local1", "h2", clock.millis(), "shut down"));

        assertThat(session.fire()).isEmpty();
        assertThat(vm("local1").getState()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void vmKilledOnALiveHost_isRestartedThereWithoutAFence() {
        vm(Vm.builder("db1").ha(true).runningOn("h1"));

        List<Action> actions = crash("db1", "h1");

        assertThat(actions).singleElement().isInstanceOfSatisfying(StartVm.class, s -> {
            assertThat(s.getTarget()).as("restart recovery: in place").isEqualTo("h1");
            assertThat(s.getFromHost()).as("its hypervisor saw it stop: nothing to fence").isNull();
        });
    }

    @Test
    void restartExpireTimeZero_failuresAreForgottenAtOnceSoEveryCrashIsRestarted() {
        vm(Vm.builder("db1").ha(true).recovery(Recovery.RESTART_DISABLE).maxRestarts(1)
                .restartExpireTime(Duration.ZERO).runningOn("h1"));

        for (int crash = 1; crash <= 3; crash++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(crash("db1", "h1")).as("crash %d", crash).singleElement().isInstanceOf(StartVm.class);
            assertThat(vm("db1").getState()).isEqualTo(VmState.RUNNING);
        }
        assertThat(session.facts(VmBlocked.class)).isEmpty();
    }

    @Test
    void restartExpireTime300s_secondCrashWithinIsDisabledButOneAfterItRestarts() {
        vm(Vm.builder("db1").ha(true).recovery(Recovery.RESTART_DISABLE).maxRestarts(1)
                .restartExpireTime(Duration.ofSeconds(300)).runningOn("h1"));
        crash("db1", "h1");
        elapse(Duration.ofSeconds(301));
        assertThat(crash("db1", "h1")).as("the first failure was forgotten after 300 s")
                .singleElement().isInstanceOf(StartVm.class);

        elapse(Duration.ofSeconds(299));
        assertThat(crash("db1", "h1")).as("two failures within 300 s, maxRestarts 1").isEmpty();
        assertThat(session.facts(VmBlocked.class)).singleElement()
                .satisfies(b -> assertThat(b.code()).isEqualTo(BlockedReason.RESTART_LIMIT));
    }

    /** Time passes, and both hosts go on answering. */
    private void elapse(Duration time) {
        for (Duration left = time; !left.isZero(); left = left.minus(min(left, BEAT))) {
            clock.advance(min(left, BEAT));
            for (String host : List.of("h1", "h2")) {
                session.insert(new Heartbeat(host, ++seq));
            }
            assertThat(session.fire()).isEmpty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    /** The monitor reports db1 crashed now; what the rules decide is carried out and succeeds. */
    private List<Action> crash(String name, String host) {
        session.insert(new VmCrashed(name, host, clock.millis()));
        List<Action> actions = session.fire();
        complete(actions);
        session.observe(host, Set.of(name));
        session.fire();
        return actions;
    }

    private void complete(List<Action> actions) {
        for (Action action : actions) {
            session.markDispatched(action);
            session.applyOutcome(ActionOutcome.succeeded(action.getKey(), "done"));
        }
        session.fire();
    }

    private void vm(Vm.Builder vm) {
        Vm fact = vm.build();
        session.insert(fact);
        session.observe(fact.getHost(), Set.of(fact.getName()));
        session.fire();
    }

    private Vm vm(String name) {
        return session.facts(Vm.class).stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }
}
