package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostMetrics;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmStartRequested;
import io.lifeboat.facts.Weight;

/** The shipped preferences for vCPU headroom and measured load, as the placement rule weighs them. */
class PlacementWeightRulesTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MeasuredLoads loads = new MeasuredLoads();
    private PolicySession session;

    @BeforeEach
    void twoHostsOf32CpusAnd64GiB() {
        session = new PolicySession(ShippedPolicy.compiled(), clock, "t-");
        session.insert(Host.builder("h1").cpus(32).memoryMiB(64 * 1024).build());
        session.insert(Host.builder("h2").cpus(32).memoryMiB(64 * 1024).build());
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void measuredLoadWeight_sendsTheVmToTheLessBusyHost() {
        settings(0, 10);
        loads.report(session, new HostMetrics("h1", 80));
        loads.report(session, new HostMetrics("h2", 20));

        assertThat(targetOf(stopped("app1"))).as("h1 has as much room, but is busier").isEqualTo("h2");
        assertThat(session.facts(Weight.class)).extracting(Weight::vm, Weight::host, Weight::score)
                .containsExactlyInAnyOrder(tuple(null, "h1", -8.0), tuple(null, "h2", -2.0));
    }

    @Test
    void measuredLoadWeightZero_freeMemoryDecides() {
        settings(0, 0);
        session.insert(running("big1", "h2", 8192, 1));
        loads.report(session, new HostMetrics("h1", 90));

        assertThat(targetOf(stopped("app1"))).as("h1 is busy but has more memory free").isEqualTo("h1");
        assertThat(session.facts(Weight.class)).isEmpty();
    }

    @Test
    void aHostNotMeasuredYet_weighsLikeAnIdleOne() {
        settings(0, 10);
        loads.report(session, new HostMetrics("h2", 30));

        assertThat(targetOf(stopped("app1"))).isEqualTo("h1");
    }

    @Test
    void vcpuHeadroomWeight_breaksAMemoryTieTowardsTheHostWithMoreVcpusFree() {
        settings(10, 0);
        session.insert(running("cpu1", "h1", 4096, 96));
        session.insert(running("mem1", "h2", 4096, 2));

        assertThat(targetOf(stopped("app1"))).as("equal memory free; h2 has more vCPUs free").isEqualTo("h2");
        assertThat(session.facts(Weight.class)).as("derived again once app1 is on its way to h2")
                .extracting(Weight::vm, Weight::host, Weight::reason).containsExactlyInAnyOrder(
                        tuple(null, "h1", "h1 has 32 of its 128 vCPUs free"),
                        tuple(null, "h2", "h2 has 124 of its 128 vCPUs free"));
    }

    @Test
    void vcpuHeadroomWeightZero_theTieGoesByName() {
        settings(0, 0);
        session.insert(running("cpu1", "h1", 4096, 96));
        session.insert(running("mem1", "h2", 4096, 2));

        assertThat(targetOf(stopped("app1"))).isEqualTo("h1");
    }

    /** The defaults, with these weights. */
    private void settings(double vcpuHeadroom, double measuredLoad) {
        session.insert(ClusterSettings.defaults("test").withPlacementWeights(vcpuHeadroom, measuredLoad));
    }

    private String targetOf(Vm vm) {
        session.insert(vm);
        session.fire();
        session.insert(new VmStartRequested(vm.getName()));
        for (Action action : session.fire()) {
            if (action instanceof StartVm start) {
                return start.getTarget();
            }
        }
        throw new AssertionError(vm.getName() + " was not started");
    }

    private static Vm stopped(String name) {
        return Vm.builder(name).vcpus(2).memoryMiB(2048).build();
    }

    private static Vm running(String name, String host, long memoryMiB, int vcpus) {
        return Vm.builder(name).vcpus(vcpus).memoryMiB(memoryMiB).runningOn(host).build();
    }
}
