package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.MigrateVm;
import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.AdmissionRefused;
import io.lifeboat.facts.BlockedReason;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.MaintenanceEnded;
import io.lifeboat.facts.MaintenanceRequested;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmBlocked;
import io.lifeboat.facts.VmCrashed;
import io.lifeboat.facts.VmStartRequested;

/** Batch placement as the shipped rules drive it: start requests served together, and operators' weights. */
class PlacementRulesTest {
    private static final String PREFER_H3 = """
            package ops;
            import io.lifeboat.facts.*;
            rule "web VMs prefer h3, next to the load balancer"
                @id("ops.web-near-balancer")
                @description("test rule")
            when
                PlacementRequest( $n : vm, vm str[startsWith] "web" )
            then
                insertLogical( new Weight( $n, "h3", 10, "next to the load balancer" ) );
            end
            """;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private PolicySession session;
    private long beat;

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void withoutWeights_aStartGoesToTheHostWithTheMostFreeMemory() {
        session = new PolicySession(ShippedPolicy.compiled(), clock, "t-");
        Map<String, String> targets = startAll(List.of(stopped("web1", 4096, 0)));

        assertThat(targets).containsEntry("web1", "h2");
    }

    @Test
    void anOperatorsWeight_sendsTheVmWhereTheRuleSays() {
        List<RuleSource> sources = new ArrayList<>(PolicySources.shipped());
        sources.add(new RuleSource("ops/web.drl", PREFER_H3));
        session = new PolicySession(new PolicyCompiler().compile(sources), clock, "t-");

        Map<String, String> targets = startAll(List.of(stopped("web1", 4096, 0), stopped("db1", 4096, 0)));

        assertThat(targets).as("h2 has more free memory, but the weight counts first")
                .containsEntry("web1", "h3").containsEntry("db1", "h2");
    }

    @Test
    void startsAskedTogether_theHigherPriorityVmIsServedFirstAndTheRestAsFarAsRoomGoes() {
        session = new PolicySession(ShippedPolicy.compiled(), clock, "t-");
        // h2 has 48 GiB, h3 32 GiB: 102 GiB asked. Served in request order (big, mid, small) vip would find no room;
        // by priority vip runs and two of the other three (no assignment places all three next to it).
        Map<String, String> targets = startAll(List.of(stopped("big", 40 * 1024, 0), stopped("mid", 24 * 1024, 0),
                stopped("small", 8 * 1024, 0), stopped("vip", 30 * 1024, 5)));

        assertThat(targets).as("vip first; then as many of the rest as fit").containsKey("vip").hasSize(3);
        assertThat(session.facts(VmBlocked.class)).extracting(VmBlocked::vm, VmBlocked::code)
                .containsExactly(tuple(
                        List.of("big", "mid", "small").stream().filter(n -> !targets.containsKey(n)).findFirst().orElseThrow(),
                        BlockedReason.NO_CAPACITY));
    }

    @Test
    void aStartThatWouldEatTheFailoverReserve_isBlockedUntilAnOperatorForcesIt() {
        session = new PolicySession(ShippedPolicy.compiled(), clock, "t-");
        session.insert(ClusterSettings.defaults("test"));
        for (String h : List.of("h1", "h2", "h3")) {
            session.insert(Host.builder(h).cpus(32).memoryMiB(64 * 1024).build());
            session.insert(Vm.builder(h + "-a").memoryMiB(20 * 1024).ha(true).runningOn(h).build());
            session.insert(Vm.builder(h + "-b").memoryMiB(20 * 1024).ha(true).runningOn(h).build());
        }
        session.insert(stopped("big", 20 * 1024, 0));
        session.fire();

        session.insert(new VmStartRequested("big"));
        assertThat(session.fire()).as("refused: no start").noneMatch(a -> a instanceof StartVm);
        assertThat(session.facts(VmBlocked.class)).singleElement().satisfies(blocked -> {
            assertThat(blocked.code()).isEqualTo(BlockedReason.RESERVED_FOR_FAILOVER);
            assertThat(blocked.message()).contains("starting big on h1", "losing [h2]", "without room");
        });

        session.insert(new VmStartRequested("big", "alice"));
        List<Action> actions = session.fire();
        assertThat(actions).filteredOn(a -> a instanceof StartVm).singleElement().satisfies(start -> {
            assertThat(((StartVm) start).getTarget()).isEqualTo("h1");
            assertThat(start.getReason()).contains("forced by alice past the failover reserve");
            session.applyOutcome(ActionOutcome.succeeded(start.getKey(), "started"));
        });
        session.fire();
        assertThat(session.facts(VmBlocked.class)).isEmpty();
        assertThat(session.facts(AdmissionRefused.class)).as("forgotten once the VM runs").isEmpty();
    }

    @Test
    void recoveryIsNeverRefused_theReserveIsThereForIt() {
        session = new PolicySession(ShippedPolicy.compiled(), clock, "t-");
        session.insert(ClusterSettings.defaults("test"));
        session.insert(Host.builder("h2").cpus(32).memoryMiB(64 * 1024).build());
        session.insert(Host.builder("h3").cpus(32).memoryMiB(64 * 1024).build());
        session.insert(Vm.builder("db").memoryMiB(40 * 1024).ha(true).runningOn("h3").build());
        Vm crashed = Vm.builder("web").memoryMiB(30 * 1024).ha(true).runningOn("h2").build();
        session.insert(crashed);
        session.fire();

        // web crashes on h2: while it is down, losing h3 would be absorbed (db fits on h2); once it runs again, it
        // would not. An operator's start would be refused for that; a restart is recovery and goes ahead.
        session.insert(new VmCrashed("web", "h2", clock.millis()));
        assertThat(session.fire()).filteredOn(a -> a instanceof StartVm).singleElement()
                .satisfies(start -> assertThat(((StartVm) start).getTarget()).isEqualTo("h2"));
    }

    @Test
    void aPreferredMemberThatLeavesBeforeTheDelayEnds_startsTheWaitAgain_thenTheVmFailsBack() {
        session = new PolicySession(ShippedPolicy.compiled(), clock, "t-");
        ClusterSettings defaults = ClusterSettings.defaults("test");
        session.insert(new ClusterSettings(defaults.name(), defaults.mode(), 1.0, 4.0, 0, defaults.heartbeatTimeout(),
                defaults.fencingSuspendShare(), defaults.usage(), Duration.ZERO, defaults.fenceRetryInitial(),
                defaults.fenceRetryMax(), 0, Duration.ofSeconds(60), 0, 0, false));
        session.insert(Host.builder("h1").cpus(32).memoryMiB(64 * 1024).build());
        session.insert(Host.builder("h2").cpus(32).memoryMiB(64 * 1024).build());
        session.insert(new FailoverDomain("fd", true, false, false, Map.of("h1", 1, "h2", 2)));
        session.insert(Vm.builder("db").memoryMiB(8192).ha(true).failoverDomain("fd").runningOn("h2").build());

        assertThat(movesDuring(30)).as("h1 preferred and up for 30 s of 60").isEmpty();
        session.insert(new MaintenanceRequested("h1"));
        assertThat(movesDuring(10)).as("h1 in maintenance").isEmpty();
        session.insert(new MaintenanceEnded("h1"));
        assertThat(movesDuring(59)).as("the wait starts again when h1 is back").isEmpty();
        assertThat(movesDuring(1)).singleElement().isInstanceOfSatisfying(MigrateVm.class, move -> {
            assertThat(move.getVm()).isEqualTo("db");
            assertThat(move.getTarget()).isEqualTo("h1");
        });
    }

    /** Both hosts answer every 5 s for {@code seconds}; the migrations decided meanwhile. */
    private List<MigrateVm> movesDuring(int seconds) {
        List<MigrateVm> moves = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            if (s % 5 == 0) {
                session.insert(new Heartbeat("h1", ++beat));
                session.insert(new Heartbeat("h2", ++beat));
            }
            session.fire().stream().filter(a -> a instanceof MigrateVm).map(a -> (MigrateVm) a).forEach(moves::add);
            clock.advance(Duration.ofSeconds(1));
        }
        moves.addAll(session.fire().stream().filter(a -> a instanceof MigrateVm).map(a -> (MigrateVm) a).toList());
        return moves;
    }

    private Map<String, String> startAll(List<Vm> vms) {
        session.insert(ClusterSettings.defaults("test"));
        session.insert(Host.builder("h2").cpus(32).memoryMiB(48 * 1024).build());
        session.insert(Host.builder("h3").cpus(32).memoryMiB(32 * 1024).build());
        vms.forEach(session::insert);
        session.fire();
        vms.forEach(vm -> session.insert(new VmStartRequested(vm.getName())));
        Map<String, String> targets = new TreeMap<>();
        for (Action action : session.fire()) {
            if (action instanceof StartVm start) {
                targets.put(start.getVm(), start.getTarget());
            }
        }
        return targets;
    }

    private static Vm stopped(String name, long memoryMiB, int priority) {
        return Vm.builder(name).vcpus(2).memoryMiB(memoryMiB).priority(priority).build();
    }
}
