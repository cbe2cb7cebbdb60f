package io.lifeboat.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.Vm;

class PreemptionTest {
    private static final long GIB = TestCluster.GIB;
    private final TestCluster test = new TestCluster();

    @Test
    void oneStopIsPreferredToTwo_thenTheLowerPriority() {
        test.hosts(64, "h1", "h2", "h3");
        List<Vm> candidates = List.of(
                vm("big", 40, 2, "h1", 5),      // h1: 24 free, one stop of priority 5 frees 64
                vm("small1", 20, 2, "h2", 0),   // h2: 24 free, two stops needed
                vm("small2", 20, 2, "h2", 0),
                vm("other", 40, 2, "h3", 1));   // h3: 24 free, one stop of priority 1: the best
        test.running.addAll(candidates);

        Optional<Preemption.Plan> plan = Preemption.plan(blocked(48, 4), loads(), TestCluster.anywhere(), candidates);

        assertThat(plan).hasValueSatisfying(p -> {
            assertThat(p.host()).isEqualTo("h3");
            assertThat(p.stops()).extracting(Vm::getName).containsExactly("other");
        });
    }

    @Test
    void vcpusCountToo() {
        test.hosts(64, "h1");
        Vm wide = vm("wide", 8, 120, "h1", 0);       // most of h1's 128 vCPUs (32 CPUs x 4)
        Vm narrow = vm("narrow", 40, 2, "h1", 0);
        test.running.addAll(List.of(wide, narrow));

        Optional<Preemption.Plan> plan = Preemption.plan(blocked(16, 16), loads(), TestCluster.anywhere(),
                List.of(wide, narrow));

        assertThat(plan).as("16 GiB are free already; only stopping the wide VM frees 16 vCPUs")
                .hasValueSatisfying(p -> assertThat(p.stops()).extracting(Vm::getName).containsExactly("wide"));
    }

    @Test
    void aHostTheBlockedVmMayNotUseIsNeverChosen_andNothingIsPlannedWithoutEnough() {
        test.hosts(64, "h1", "h2");
        List<Vm> candidates = List.of(vm("a", 40, 2, "h1", 0), vm("b", 16, 2, "h2", 0));
        test.running.addAll(candidates);
        test.running.add(vm("ha-other", 40, 2, "h2", 100));   // not a candidate: h2 can free only 16 + 8

        assertThat(Preemption.plan(blocked(48, 4), loads(), TestCluster.excluding(Set.of("db/h1")), candidates))
                .isEmpty();
        assertThat(Preemption.plan(blocked(48, 4), loads(), TestCluster.anywhere(), candidates))
                .hasValueSatisfying(p -> assertThat(p.host()).isEqualTo("h1"));
    }

    /** Against every subset of every host's candidates, on small random clusters. */
    @Test
    void choosesWhatAnExhaustiveSearchChooses() {
        Random random = new Random(7);
        for (int instance = 0; instance < 300; instance++) {
            TestCluster cluster = new TestCluster();
            int hosts = 1 + random.nextInt(4);
            List<Vm> candidates = new ArrayList<>();
            for (int h = 1; h <= hosts; h++) {
                cluster.hosts(32 + 32L * random.nextInt(2), "h" + h);
                int vms = random.nextInt(6);
                for (int v = 0; v < vms; v++) {
                    Vm vm = vm("v" + h + "-" + v, 1 + random.nextInt(12), 1 + random.nextInt(24), "h" + h,
                            random.nextInt(3));
                    cluster.running.add(vm);
                    if (random.nextInt(4) > 0) {
                        candidates.add(vm);
                    }
                }
            }
            Demand blocked = blocked(4 + random.nextInt(40), 1 + random.nextInt(32));
            List<HostLoad> loads = List.copyOf(cluster.cluster().loads());

            Optional<Preemption.Plan> plan = Preemption.plan(blocked, loads, TestCluster.anywhere(), candidates);

            Optional<Preemption.Plan> best = exhaustive(blocked, loads, candidates);
            assertThat(plan.map(PreemptionTest::key)).as("instance %d", instance).isEqualTo(best.map(PreemptionTest::key));
        }
    }

    private static Optional<Preemption.Plan> exhaustive(Demand blocked, List<HostLoad> loads, List<Vm> candidates) {
        List<Preemption.Plan> plans = new ArrayList<>();
        for (HostLoad host : loads) {
            List<Vm> here = candidates.stream().filter(vm -> vm.getHost().equals(host.host())).toList();
            for (int mask = 1; mask < 1 << here.size(); mask++) {
                List<Vm> set = new ArrayList<>();
                for (int i = 0; i < here.size(); i++) {
                    if ((mask & 1 << i) != 0) {
                        set.add(here.get(i));
                    }
                }
                if (Preemption.frees(blocked, host, set)) {
                    plans.add(new Preemption.Plan(host.host(), set));
                }
            }
        }
        return plans.stream().min(Comparator.<Preemption.Plan>comparingInt(p -> p.stops().size())
                .thenComparingLong(p -> p.stops().stream().mapToLong(Vm::getPriority).sum())
                .thenComparingLong(p -> p.stops().stream().mapToLong(Vm::getMemoryMiB).sum())
                .thenComparing(Preemption.Plan::host));
    }

    /** What a plan is judged by: ties between equally good sets of VMs may break either way. */
    private static String key(Preemption.Plan plan) {
        return plan.host() + " " + plan.stops().size() + " stops, priorities "
                + plan.stops().stream().mapToLong(Vm::getPriority).sum() + ", "
                + plan.stops().stream().mapToLong(Vm::getMemoryMiB).sum() + " MiB";
    }

    private List<HostLoad> loads() {
        return List.copyOf(test.cluster().loads());
    }

    private static Vm vm(String name, long gib, int vcpus, String host, int priority) {
        return Vm.builder(name).memoryMiB(gib * GIB).vcpus(vcpus).priority(priority).runningOn(host).build();
    }

    private static Demand blocked(long gib, int vcpus) {
        return new Demand("db", gib * GIB, vcpus, 100, null);
    }
}
