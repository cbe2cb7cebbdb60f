package io.lifeboat.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.lifeboat.bench.GreedyPlacement;
import io.lifeboat.facts.HostLoad;

class BatchPlacementTest {
    private static final long GIB = 1024;

    @Test
    void packsWhatWorstFitWouldStrand() {
        // Two survivors with 64 GiB free each; VMs of 36, 28, 28 and 36 GiB, largest first: worst fit puts the 36s
        // apart, then a 28 next to one (28 and 0 GiB left): the other 28 fits nowhere. 36+28 on each places all four.
        List<Demand> vms = List.of(vm("a", 36), vm("b", 28), vm("c", 28), vm("d", 36));
        List<HostLoad> hosts = List.of(host("h2", 64), host("h3", 64));

        Assignment assignment = BatchPlacement.assign(vms, hosts, TestCluster.anywhere());

        assertThat(assignment.targets()).hasSize(4);
        assertThat(assignment.unplaced()).isEmpty();
        assertValid(vms, hosts, TestCluster.anywhere(), assignment.targets());
    }

    @Test
    void aHigherPriorityVmIsPlacedBeforeTwoLowerOnes() {
        List<Demand> vms = List.of(new Demand("db", 8 * GIB, 1, 10, null), vm("web1", 6), vm("web2", 4));

        Assignment assignment = BatchPlacement.assign(vms, List.of(host("h2", 10)), TestCluster.anywhere());

        assertThat(assignment.targets()).containsOnlyKeys("db");
        assertThat(assignment.unplaced()).containsExactly("web1", "web2");
        assertThat(assignment.provenBest()).isTrue();
    }

    @Test
    void twoVmsOfOneAntiAffinityGroupNeverShareAHost() {
        List<Demand> vms = List.of(new Demand("web1", GIB, 1, 0, "web"), new Demand("web2", GIB, 1, 0, "web"));

        assertThat(BatchPlacement.assign(vms, List.of(host("h2", 64), host("h3", 64)), TestCluster.anywhere()).targets())
                .containsEntry("web1", "h2").containsEntry("web2", "h3");
        assertThat(BatchPlacement.assign(vms, List.of(host("h2", 64)), TestCluster.anywhere()).unplaced()).hasSize(1);
    }

    @Test
    void vcpusCountAsMuchAsMemory() {
        List<Demand> vms = List.of(new Demand("a", GIB, 6, 0, null), new Demand("b", GIB, 6, 0, null));

        Assignment assignment = BatchPlacement.assign(vms, List.of(new HostLoad("h2", 64 * GIB, 8, 0, 0)), TestCluster.anywhere());

        assertThat(assignment.targets()).hasSize(1);
    }

    @Test
    void withRoomEverywhereEachVmGoesWhereItPrefers() {
        Preferences prefs = new Preferences() {
            @Override
            public boolean allows(String vm, String host) {
                return !(vm.equals("c") && host.equals("h4"));
            }

            @Override
            public int rank(String vm, String host) {
                return vm.equals("a") && host.equals("h2") ? 1 : vm.equals("a") ? 2 : 0;
            }

            @Override
            public double score(String vm, String host) {
                return vm.equals("b") && host.equals("h3") ? 5 : 0;
            }
        };
        List<HostLoad> hosts = List.of(host("h2", 16), host("h3", 32), host("h4", 64));

        Map<String, String> targets = BatchPlacement.assign(List.of(vm("a", 1), vm("b", 1), vm("c", 1)), hosts, prefs).targets();

        // a: its domain's first member, though h4 has more room; b: its weight; c: the most room it may use.
        assertThat(targets).containsEntry("a", "h2").containsEntry("b", "h3").containsEntry("c", "h3");
    }

    @Test
    void theOrderOfTheInputChangesNothing() {
        Random random = new Random(7);
        Instance instance = Instance.random(random, 14, 5);
        Map<String, String> first = BatchPlacement.assign(instance.demands, instance.hosts, instance.prefs).targets();
        for (int i = 0; i < 5; i++) {
            List<Demand> demands = new ArrayList<>(instance.demands);
            List<HostLoad> hosts = new ArrayList<>(instance.hosts);
            Collections.shuffle(demands, random);
            Collections.shuffle(hosts, random);
            assertThat(BatchPlacement.assign(demands, hosts, instance.prefs).targets()).isEqualTo(first);
        }
    }

    @Test
    void onSmallRandomInstancesItPlacesWhatTheBestAssignmentPlaces() {
        Random random = new Random(20261201);
        int tight = 0;
        for (int round = 0; round < 400; round++) {
            Instance instance = Instance.random(random, 1 + random.nextInt(7), 1 + random.nextInt(4));
            Assignment assignment = BatchPlacement.assign(instance.demands, instance.hosts, instance.prefs);
            assertValid(instance.demands, instance.hosts, instance.prefs, assignment.targets());
            int[] optimum = bruteForceBest(instance);
            assertThat(placedPerLevel(instance.demands, assignment.targets().keySet())).as("round %d", round)
                    .containsExactly(optimum);
            assertThat(assignment.provenBest()).isTrue();
            if (!assignment.unplaced().isEmpty()) {
                tight++;
            }
        }
        assertThat(tight).as("instances where not every VM fits").isGreaterThan(100);
    }

    @Test
    void onLargerRandomInstancesItNeverPlacesLessThanGreedyPlacement() {
        Random random = new Random(42);
        for (int round = 0; round < 60; round++) {
            Instance instance = Instance.random(random, 20 + random.nextInt(40), 4 + random.nextInt(8));
            Assignment assignment = BatchPlacement.assign(instance.demands, instance.hosts, instance.prefs);
            assertValid(instance.demands, instance.hosts, instance.prefs, assignment.targets());
            int[] batch = placedPerLevel(instance.demands, assignment.targets().keySet());
            for (GreedyPlacement.Fit fit : GreedyPlacement.Fit.values()) {
                int[] greedy = placedPerLevel(instance.demands,
                        GreedyPlacement.place(instance.demands, instance.hosts, instance.prefs, fit).keySet());
                assertThat(compare(batch, greedy)).as("round %d against %s fit", round, fit).isGreaterThanOrEqualTo(0);
            }
        }
    }

    private static Demand vm(String name, long gib) {
        return new Demand(name, gib * GIB, 1, 0, null);
    }

    private static HostLoad host(String name, long freeGib) {
        return new HostLoad(name, freeGib * GIB, 64, 0, 0);
    }

    /** Every limit and constraint holds once the assignment is carried out. */
    private static void assertValid(List<Demand> demands, List<HostLoad> hosts, Preferences prefs, Map<String, String> targets) {
        assertThat(violation(demands, hosts, prefs, targets)).isNull();
    }

    /** @return the first limit or constraint the assignment breaks, or null */
    private static String violation(List<Demand> demands, List<HostLoad> hosts, Preferences prefs, Map<String, String> targets) {
        Map<String, long[]> used = new HashMap<>();
        Set<String> groupsOnHost = new HashSet<>();
        for (Demand d : demands) {
            String target = targets.get(d.vm());
            if (target == null) {
                continue;
            }
            if (!prefs.allows(d.vm(), target)) {
                return d.vm() + " is not allowed on " + target;
            }
            long[] u = used.computeIfAbsent(target, t -> new long[2]);
            u[0] += d.memoryMiB();
            u[1] += d.vcpus();
            if (d.antiAffinity() != null && !groupsOnHost.add(target + "/" + d.antiAffinity())) {
                return d.vm() + " joins its anti-affinity group on " + target;
            }
        }
        for (HostLoad h : hosts) {
            long[] u = used.getOrDefault(h.host(), new long[2]);
            if (u[0] > h.memoryFreeMiB() || u[1] > h.vcpusFree()) {
                return h.host() + " is over its limits";
            }
        }
        return null;
    }

    private static int[] placedPerLevel(List<Demand> demands, Set<String> placed) {
        TreeMap<Integer, Integer> perPriority = new TreeMap<>(Collections.reverseOrder());
        demands.forEach(d -> perPriority.merge(d.priority(), placed.contains(d.vm()) ? 1 : 0, Integer::sum));
        return perPriority.values().stream().mapToInt(Integer::intValue).toArray();
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    /** Every assignment, each VM on each host or nowhere: the best count per priority, highest priority first. */
    private static int[] bruteForceBest(Instance instance) {
        int[] best = null;
        int n = instance.demands.size();
        int m = instance.hosts.size();
        int[] choice = new int[n];
        long total = (long) Math.pow(m + 1, n);
        for (long code = 0; code < total; code++) {
            long c = code;
            for (int i = 0; i < n; i++) {
                choice[i] = (int) (c % (m + 1)) - 1;
                c /= m + 1;
            }
            Map<String, String> targets = new HashMap<>();
            for (int i = 0; i < n; i++) {
                if (choice[i] >= 0) {
                    targets.put(instance.demands.get(i).vm(), instance.hosts.get(choice[i]).host());
                }
            }
            if (feasible(instance, targets)) {
                int[] levels = placedPerLevel(instance.demands, targets.keySet());
                if (best == null || compare(levels, best) > 0) {
                    best = levels;
                }
            }
        }
        return best;
    }

    private static boolean feasible(Instance instance, Map<String, String> targets) {
        return violation(instance.demands, instance.hosts, instance.prefs, targets) == null;
    }

    /** A random batch: sizes 1-16 GiB and 1-8 vCPUs, two priorities, some anti-affinity, some hosts excluded. */
    private record Instance(List<Demand> demands, List<HostLoad> hosts, Preferences prefs) {
        static Instance random(Random random, int vms, int hostCount) {
            List<Demand> demands = new ArrayList<>();
            Set<String> excluded = new HashSet<>();
            for (int i = 0; i < vms; i++) {
                String group = random.nextInt(4) == 0 ? "g" + random.nextInt(2) : null;
                demands.add(new Demand("vm" + i, (1 + random.nextInt(16)) * GIB, 1 + random.nextInt(8),
                        random.nextInt(3) == 0 ? 5 : 0, group));
                for (int h = 0; h < hostCount; h++) {
                    if (random.nextInt(6) == 0) {
                        excluded.add("vm" + i + "/h" + h);
                    }
                }
            }
            List<HostLoad> hosts = new ArrayList<>();
            for (int h = 0; h < hostCount; h++) {
                hosts.add(new HostLoad("h" + h, (8 + random.nextInt(40)) * GIB, 8 + random.nextInt(16),
                        random.nextInt(8) * GIB, random.nextInt(4)));
            }
            return new Instance(demands, hosts, TestCluster.excluding(excluded));
        }
    }
}
