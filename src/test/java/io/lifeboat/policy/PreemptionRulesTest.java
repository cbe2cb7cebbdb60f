package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.MigrateVm;
import io.lifeboat.actions.Placements;
import io.lifeboat.actions.StartVm;
import io.lifeboat.actions.StopVm;
import io.lifeboat.facts.BlockedReason;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostUnresponsive;
import io.lifeboat.facts.Recovery;
import io.lifeboat.facts.RoomBeingMade;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmBlocked;
import io.lifeboat.facts.VmCrashed;
import io.lifeboat.facts.VmStartRequested;
import io.lifeboat.facts.VmState;

/**
 * Preemption (cluster setting preempt): an HA VM that must be recovered and that no host has room for gets it by
 * stopping lower-priority non-HA VMs on one host, and only those, where moving VMs cannot make room; it starts once
 * they are stopped, and a reload in between plans nothing twice.
 */
class PreemptionRulesTest {
    private static final long GIB = 1024;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private PolicySession session;

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void withPreempt_onlyLowerPriorityNonHaVmsAreStopped_thenTheHaVmStartsInTheirRoom() {
        session = cluster(true);

        List<Action> actions = crash("db");

        assertThat(actions).filteredOn(a -> a instanceof StopVm)
                .as("two stops on h1, where one on h2 (an HA VM) or on h3 (a VM of db's own priority) would do")
                .extracting(Action::getVm).containsExactlyInAnyOrder("batch", "small");
        assertThat(actions).filteredOn(a -> a instanceof StopVm).allSatisfy(a -> {
            StopVm stop = (StopVm) a;
            assertThat(stop.getHost()).isEqualTo("h1");
            assertThat(stop.getGraceful()).as("asked to shut down first").isEqualTo(Placements.PREEMPT_SHUTDOWN_GRACE);
            assertThat(stop.getExplanation().ruleId()).isEqualTo("placement.preempt");
        });
        assertThat(actions).filteredOn(a -> a instanceof Alert).extracting(a -> ((Alert) a).getCode(), Action::getVm)
                .containsExactlyInAnyOrder(tuple("VM_PREEMPTED", "batch"), tuple("VM_PREEMPTED", "small"));
        assertThat(actions).as("no start before the room is free").noneMatch(a -> a instanceof StartVm);
        assertThat(session.facts(RoomBeingMade.class)).containsExactly(new RoomBeingMade("db", "h1"));

        finish(actions, a -> a instanceof Alert);
        List<StopVm> stops = actions.stream().filter(a -> a instanceof StopVm).map(StopVm.class::cast).toList();
        session.applyOutcome(ActionOutcome.succeeded(stops.get(0).getKey(), "shut down on h1"));
        assertThat(session.fire()).as("one stop is not room enough yet").noneMatch(a -> a instanceof StartVm);
        session.applyOutcome(ActionOutcome.succeeded(stops.get(1).getKey(), "shut down on h1"));
        List<Action> next = session.fire();

        assertThat(List.of(vm("batch"), vm("small"))).extracting(Vm::getState)
                .as("stopped, not crashed: nothing restarts them").containsOnly(VmState.STOPPED);
        assertThat(next).noneMatch(a -> a instanceof StopVm);
        StartVm start = next.stream().filter(a -> a instanceof StartVm).map(StartVm.class::cast).findFirst()
                .orElseThrow();
        assertThat(start.getVm()).isEqualTo("db");
        assertThat(start.getTarget()).isEqualTo("h1");
        session.applyOutcome(ActionOutcome.succeeded(start.getKey(), "started"));
        assertThat(session.fire()).as("the preempted VMs stay stopped").noneMatch(a -> a instanceof StartVm);
        assertThat(vm("db").getState()).isEqualTo(VmState.RUNNING);
        assertThat(session.facts(RoomBeingMade.class)).as("forgotten once db runs").isEmpty();
    }

    @Test
    void withoutPreempt_nothingIsStoppedAndTheVmStaysBlocked() {
        session = cluster(false);

        assertThat(crash("db")).noneMatch(a -> a instanceof StopVm || a instanceof StartVm);
        assertThat(session.facts(VmBlocked.class)).extracting(VmBlocked::vm, VmBlocked::code)
                .containsExactly(tuple("db", BlockedReason.NO_CAPACITY));
    }

    @Test
    void aVmWithAnActionInFlight_orOnASilentHost_isNeverStopped() {
        session = cluster(true);
        Alert pending = new Alert("vm/batch", "OPERATOR_NOTE", "an alert about batch still on its way");
        session.insert(pending);
        session.fire();

        assertThat(crash("db")).as("without batch, h1 cannot free 48 GiB (16 free + small's 20)")
                .noneMatch(a -> a instanceof StopVm);

        session.close();
        session = cluster(true);
        session.insert(new HostUnresponsive("h1", 0, clock.millis()));
        assertThat(crash("db")).as("h1 is silent: nothing on it is touched").noneMatch(a -> a instanceof StopVm);
        assertThat(session.facts(VmBlocked.class)).extracting(VmBlocked::vm).contains("db");
    }

    @Test
    void anOperatorsStart_neverStopsOtherVms() {
        session = cluster(true);
        session.insert(Vm.builder("later").memoryMiB(48 * GIB).priority(100).ha(true).stopped().build());

        session.insert(new VmStartRequested("later"));
        assertThat(session.fire()).as("preemption serves recovery only").noneMatch(a -> a instanceof StopVm);
        assertThat(session.facts(VmBlocked.class)).extracting(VmBlocked::vm).contains("later");
    }

    @Test
    void whereAMigrationCanMakeRoom_nothingIsStopped() {
        session = new PolicySession(ShippedPolicy.compiled(), clock, "t-");
        settings(session, true);
        for (String host : List.of("h0", "h1", "h2")) {
            session.insert(Host.builder(host).cpus(32).memoryMiB(64 * GIB).build());
        }
        session.insert(relocating("db", "h0"));
        session.insert(Vm.builder("a").memoryMiB(32 * GIB).ha(true).runningOn("h1").build());
        session.insert(Vm.builder("b").memoryMiB(16 * GIB).ha(true).runningOn("h2").build());
        // Stopping batch would free h2 for db; moving it (or a) frees a host too, and stops nothing.
        session.insert(Vm.builder("batch").memoryMiB(16 * GIB).priority(0).runningOn("h2").build());
        session.fire();

        List<Action> actions = crash("db");

        assertThat(actions).as("defragmentation first").anyMatch(a -> a instanceof MigrateVm)
                .noneMatch(a -> a instanceof StopVm);
    }

    @Test
    void anHaVmOfTheLowestPriority_stopsNothing() {
        session = cluster(true);
        session.insert(Vm.builder("low").memoryMiB(48 * GIB).priority(0).ha(true).recovery(Recovery.RELOCATE)
                .runningOn("h0").build());
        session.fire();

        assertThat(crash("low")).as("no VM has a priority below 0").noneMatch(a -> a instanceof StopVm);
        assertThat(session.facts(VmBlocked.class)).extracting(VmBlocked::vm).contains("low");
    }

    @Test
    void aReloadWhileTheStopsAreInFlight_plansNothingTwice() {
        session = cluster(true);
        List<Action> actions = crash("db");

        PolicySession old = session;
        session = old.successor(ShippedPolicy.compiled());
        old.close();
        assertThat(session.fire()).as("the stops in flight are carried over, not planned again")
                .noneMatch(a -> a instanceof StopVm || a instanceof StartVm);

        actions.stream().filter(a -> a instanceof StopVm)
                .forEach(a -> session.applyOutcome(ActionOutcome.succeeded(a.getKey(), "shut down on h1")));
        assertThat(session.fire()).filteredOn(a -> a instanceof StartVm).singleElement()
                .satisfies(a -> assertThat(a.getVm()).isEqualTo("db"));
    }

    /**
     * Four hosts of 64 GiB. h0 runs db (HA, priority 100, 48 GiB), which relocates when it crashes. h1 runs batch and
     * small (non-HA, priority 0, 20 GiB each) and web (non-HA, priority 200, 8 GiB): 16 GiB free. h2 runs peer
     * (non-HA, priority 100, 16 GiB) and ha-low (HA, priority 0, 40 GiB): 8 free. h3 runs equal (non-HA, priority
     * 100, 40 GiB) and ha-x (HA, 16 GiB): 8 free. Once db crashed, no host it may use has room for it, and moving VMs
     * around cannot make it (32 GiB free in all).
     */
    private PolicySession cluster(boolean preempt) {
        PolicySession s = new PolicySession(ShippedPolicy.compiled(), clock, "t-");
        settings(s, preempt);
        for (String host : List.of("h0", "h1", "h2", "h3")) {
            s.insert(Host.builder(host).cpus(32).memoryMiB(64 * GIB).build());
        }
        s.insert(relocating("db", "h0"));
        s.insert(Vm.builder("batch").memoryMiB(20 * GIB).priority(0).runningOn("h1").build());
        s.insert(Vm.builder("small").memoryMiB(20 * GIB).priority(0).runningOn("h1").build());
        s.insert(Vm.builder("web").memoryMiB(8 * GIB).priority(200).runningOn("h1").build());
        s.insert(Vm.builder("peer").memoryMiB(16 * GIB).priority(100).runningOn("h2").build());
        s.insert(Vm.builder("ha-low").memoryMiB(40 * GIB).priority(0).ha(true).runningOn("h2").build());
        s.insert(Vm.builder("equal").memoryMiB(40 * GIB).priority(100).runningOn("h3").build());
        s.insert(Vm.builder("ha-x").memoryMiB(16 * GIB).ha(true).runningOn("h3").build());
        s.fire();
        return s;
    }

    private static void settings(PolicySession s, boolean preempt) {
        ClusterSettings d = ClusterSettings.defaults("test");
        s.insert(new ClusterSettings(d.name(), d.mode(), 1.0, 4.0, 0, d.heartbeatTimeout(), d.fencingSuspendShare(),
                d.usage(), Duration.ZERO, d.fenceRetryInitial(), d.fenceRetryMax(), d.defragmentMoves(),
                d.failbackDelay(), 0, 0, preempt));
    }

    private static Vm relocating(String name, String host) {
        return Vm.builder(name).memoryMiB(48 * GIB).priority(100).ha(true).recovery(Recovery.RELOCATE)
                .runningOn(host).build();
    }

    /** The hypervisor saw the VM die: it relocates, away from its host. */
    private List<Action> crash(String vm) {
        clock.advance(Duration.ofSeconds(1));
        session.insert(new VmCrashed(vm, vm(vm).getHost(), clock.millis()));
        return session.fire();
    }

    private void finish(List<Action> actions, Predicate<Action> which) {
        actions.stream().filter(which).forEach(a -> session.applyOutcome(ActionOutcome.succeeded(a.getKey(), "done")));
    }

    private Vm vm(String name) {
        return session.facts(Vm.class).stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }
}
