package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.MigrateVm;
import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.MaintenanceRequested;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmStartRequested;
import io.lifeboat.facts.VmState;

/**
 * A start's outcome is applied to its VM once (placement.vm-started; placement.vm-migrated likewise): when the host
 * the VM was started on is fenced later, the VM is down and stays down, instead of the old outcome marking it running
 * there again and the fence marking it down again, forever (found by the safety property test: the one writer hung).
 * Likewise a migration's outcome (placement.vm-migrated): it must not move the VM back to a host fenced since.
 * Pseudo clock; a hang fails the test by its timeout.
 */
class OutcomeAppliedOnceRulesTest {
    private static final Duration BEAT = Duration.ofSeconds(5);
    private static final CompiledPolicy policy = ShippedPolicy.compiled();

    private ManualClock clock;
    private PolicySession session;
    private long seq;

    @BeforeEach
    void session() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        session = new PolicySession(policy, clock, "t-");
        session.insert(ClusterSettings.defaults("test"));
    }

    /** Hosts with a fence device each, heard from now; the largest is where VMs go first. */
    private void hosts(String... namesAndMemory) {
        for (String spec : namesAndMemory) {
            String[] parts = spec.split("=");
            session.insert(Host.builder(parts[0]).cpus(16).memoryMiB(Long.parseLong(parts[1])).build());
            session.insert(new FenceDevice(parts[0], 1, "fence_ipmilan"));
            session.insert(new Heartbeat(parts[0], ++seq));
        }
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void vmStartedOnAHostThatIsFencedLater_isDownAndTheRulesSettle() {
        hosts("h1=1024", "h2=65536");
        session.insert(Vm.builder("db1").ha(true).memoryMiB(4096).stopped().build());
        // Forced: h1 could not take db1 if h2 failed, so admission control would keep it stopped.
        session.insert(new VmStartRequested("db1", "operator"));
        StartVm start = onlyStart(session.fire());
        assertThat(start.getTarget()).isEqualTo("h2");
        complete(start, ActionStatus.SUCCEEDED);
        assertThat(session.fire()).isEmpty();
        assertThat(db1().getState()).isEqualTo(VmState.RUNNING);

        fenceH2AfterItFallsSilent("h1");

        assertThat(db1().getState()).as("h2 is off: db1 is down, not running there again").isEqualTo(VmState.DOWN);
        assertThat(db1().getHost()).isEqualTo("h2");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void vmMigratedToAHostThatIsFencedLaterAndRestartedElsewhere_runsWhereItWasRestarted() {
        hosts("h1=65536", "h2=131072", "h3=65536");
        session.insert(Vm.builder("db1").ha(true).memoryMiB(4096).runningOn("h1").build());
        assertThat(session.fire()).isEmpty();
        session.insert(new MaintenanceRequested("h1"));
        List<Action> evacuation = session.fire();
        assertThat(evacuation).singleElement().isInstanceOfSatisfying(MigrateVm.class,
                m -> assertThat(m.getTarget()).isEqualTo("h2"));
        complete(evacuation.get(0), ActionStatus.SUCCEEDED);
        assertThat(session.fire()).isEmpty();
        assertThat(db1().getHost()).isEqualTo("h2");

        List<Action> failover = fenceH2AfterItFallsSilent("h1", "h3");
        StartVm restart = onlyStart(failover);
        assertThat(restart.getTarget()).isEqualTo("h3");
        complete(restart, ActionStatus.SUCCEEDED);
        session.fire(); // returns only if the rules settle

        assertThat(db1().getState()).isEqualTo(VmState.RUNNING);
        assertThat(db1().getHost()).as("the old migration's outcome does not move it back to fenced h2").isEqualTo("h3");
    }

    /**
     * The other hosts keep answering, h2 does not: after the heartbeat timeout h2 is fenced, and the fence succeeds.
     *
     * @return what the rules decide once h2 is confirmed off
     */
    private List<Action> fenceH2AfterItFallsSilent(String... answering) {
        FenceHost fence = null;
        for (int i = 0; i < 8 && fence == null; i++) {
            clock.advance(BEAT);
            for (String host : answering) {
                session.insert(new Heartbeat(host, ++seq));
            }
            fence = session.fire().stream().filter(FenceHost.class::isInstance).map(FenceHost.class::cast)
                    .findFirst().orElse(null);
        }
        assertThat(fence).as("h2 is fenced once silent for the heartbeat timeout").isNotNull();
        assertThat(fence.getHost()).isEqualTo("h2");
        complete(fence, ActionStatus.SUCCEEDED);
        return session.fire(); // returns only if the rules settle
    }

    private StartVm onlyStart(List<Action> actions) {
        List<Action> starts = actions.stream().filter(StartVm.class::isInstance).toList();
        assertThat(starts).singleElement().isInstanceOf(StartVm.class);
        return (StartVm) starts.get(0);
    }

    private void complete(Action action, ActionStatus status) {
        session.markDispatched(action);
        session.applyOutcome(new ActionOutcome(action.getKey(), status, status.name().toLowerCase()));
    }

    private Vm db1() {
        return session.facts(Vm.class).stream().filter(v -> v.getName().equals("db1")).findFirst().orElseThrow();
    }
}
