package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.BlockedReason;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.StartInterrupted;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmBlocked;
import io.lifeboat.facts.VmStartRequested;
import io.lifeboat.facts.VmState;

/** A start a stop of Lifeboat cut short may have happened: its VM is never placed again until it is seen. */
class InterruptedStartRulesTest {
    private static final CompiledPolicy policy = ShippedPolicy.compiled();

    private PolicySession session;

    @BeforeEach
    void db1IsStoppedAndSomeoneAskedToStartIt() {
        session = new PolicySession(policy, new ManualClock(Instant.parse("2026-01-01T00:00:00Z")), "t-");
        session.insert(ClusterSettings.defaults("test"));
        for (String name : List.of("h1", "h2")) {
            session.insert(Host.builder(name).cpus(16).memoryMiB(65536).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
            session.insert(new Heartbeat(name, 0));
            session.observe(name, Set.of());
        }
        session.insert(Vm.builder("db1").ha(true).stopped().build());
        session.insert(new VmStartRequested("db1"));
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void noInterruptedStart_db1IsPlaced() {
        assertThat(session.fire()).singleElement().isInstanceOf(StartVm.class);
    }

    @Test
    void startCutShortByAStopOfLifeboat_db1WaitsBlockedWithTheReason() {
        session.insert(new StartInterrupted("db1"));

        assertThat(session.fire()).as("the start may have happened somewhere").isEmpty();
        assertThat(session.facts(VmBlocked.class)).singleElement().satisfies(b -> {
            assertThat(b.code()).isEqualTo(BlockedReason.NO_ELIGIBLE_HOST);
            assertThat(b.message()).isEqualTo("a start of db1 was cut short by a stop of Lifeboat: where it runs is"
                    + " unknown until a hypervisor reports it");
        });
    }

    @Test
    void hypervisorShowsWhereTheInterruptedStartLanded_db1RunsThereAndNothingMoreHappens() {
        session.insert(new StartInterrupted("db1"));
        session.fire();

        session.observe("h2", Set.of("db1"));

        assertThat(session.fire()).isEmpty();
        Vm db1 = session.facts(Vm.class).get(0);
        assertThat(db1.getState()).isEqualTo(VmState.RUNNING);
        assertThat(db1.getHost()).isEqualTo("h2");
        assertThat(session.facts(VmBlocked.class)).isEmpty();
        assertThat(session.facts(StartInterrupted.class)).as("settled").isEmpty();
    }
}
