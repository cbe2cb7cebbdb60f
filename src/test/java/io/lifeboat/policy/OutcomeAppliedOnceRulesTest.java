package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmStartRequested;
import io.lifeboat.facts.VmState;

/**
 * A start's outcome is applied to its VM once (placement.vm-started; placement.vm-migrated likewise): when the host
 * the VM was started on is fenced later, the VM is down and stays down, instead of the old outcome marking it running
 * there again and the fence marking it down again, forever (found by the safety property test: the one writer hung).
 * Pseudo clock; a hang fails the test by its timeout.
 */
class OutcomeAppliedOnceRulesTest {
    private static final Duration BEAT = Duration.ofSeconds(5);
    private static CompiledPolicy policy;

    private ManualClock clock;
    private PolicySession session;
    private long seq;

    @BeforeAll
    static void compile() {
        policy = new PolicyCompiler().compile(PolicySources.shipped());
    }

    @BeforeEach
    void twoHostsAndAStoppedVmSomeoneWantsStarted() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        session = new PolicySession(policy, clock, "t-");
        session.insert(ClusterSettings.defaults("test"));
        for (String name : List.of("h1", "h2")) {
            // h2 is the only one with room, so every start goes there first.
            session.insert(Host.builder(name).cpus(16).memoryMiB(name.equals("h1") ? 1024 : 65536).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
            session.insert(new Heartbeat(name, ++seq));
        }
        session.insert(Vm.builder("db1").ha(true).memoryMiB(4096).stopped().build());
        session.insert(new VmStartRequested("db1"));
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void vmStartedOnAHostThatIsFencedLater_isDownAndTheRulesSettle() {
        StartVm start = onlyStart(session.fire());
        assertThat(start.getTarget()).isEqualTo("h2");
        complete(start, ActionStatus.SUCCEEDED);
        assertThat(session.fire()).isEmpty();
        assertThat(db1().getState()).isEqualTo(VmState.RUNNING);

        fenceH2AfterItFallsSilent();

        assertThat(db1().getState()).as("h2 is off: db1 is down, not running there again").isEqualTo(VmState.DOWN);
        assertThat(db1().getHost()).isEqualTo("h2");
    }

    /** h1 keeps answering, h2 does not: after the heartbeat timeout h2 is fenced, and the fence succeeds. */
    private void fenceH2AfterItFallsSilent() {
        FenceHost fence = null;
        for (int i = 0; i < 8 && fence == null; i++) {
            clock.advance(BEAT);
            session.insert(new Heartbeat("h1", ++seq));
            fence = session.fire().stream().filter(FenceHost.class::isInstance).map(FenceHost.class::cast)
                    .findFirst().orElse(null);
        }
        assertThat(fence).as("h2 is fenced once silent for the heartbeat timeout").isNotNull();
        assertThat(fence.getHost()).isEqualTo("h2");
        complete(fence, ActionStatus.SUCCEEDED);
        session.fire(); // returns only if the rules settle
    }

    private StartVm onlyStart(List<Action> actions) {
        assertThat(actions).singleElement().isInstanceOf(StartVm.class);
        return (StartVm) actions.get(0);
    }

    private void complete(Action action, ActionStatus status) {
        session.markDispatched(action);
        session.applyOutcome(new ActionOutcome(action.getKey(), status, status.name().toLowerCase()));
    }

    private Vm db1() {
        return session.facts(Vm.class).stream().filter(v -> v.getName().equals("db1")).findFirst().orElseThrow();
    }
}
