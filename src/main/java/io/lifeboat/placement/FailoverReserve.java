package io.lifeboat.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.Vm;

/**
 * N+K: would the cluster absorb the HA VMs of any K hosts that fail? Each failure is played with the placement
 * recovery uses ({@link BatchPlacement}) within the VMs' declared constraints (restricted failover domain, anti-affinity,
 * storage, networks, hypervisor); the worst failure is the one that leaves the most HA VMs without room, priority by
 * priority. Every K-host set is tried when there are at most {@link #EXACT_SETS} of them; beyond that, the sets drawn
 * from the hosts that rank highest by HA memory, largest HA VM, HA vCPUs and HA VM count (a search among the likely
 * worst, reported as such).
 */
public final class FailoverReserve {
    static final int EXACT_SETS = 5_000;
    /** Displaced VMs times surviving hosts the check may weigh in all before it searches the likeliest sets only. */
    static final long EXACT_WORK = 5_000_000;
    /** Each failure played gets a small share of the search batch placement makes for a real failure. */
    private static final long SEARCH_BUDGET_PER_FAILURE = BatchPlacement.SEARCH_BUDGET / 100;
    private static final int HEADROOM_SHOWN = 5;

    /**
     * The cluster as the check sees it.
     *
     * @param loads the UP hosts' loads
     * @param hosts the UP hosts (their storage, networks, hypervisor)
     * @param running the VMs running (HA or not: non-HA ones stay where they are and take room)
     * @param starting VMs about to run, to the host they start on (their memory is in no load yet)
     */
    public record Cluster(Collection<HostLoad> loads, Collection<Host> hosts, Collection<Vm> running,
                          Collection<FailoverDomain> domains, Map<Vm, String> starting) {

        public Cluster(Collection<HostLoad> loads, Collection<Host> hosts, Collection<Vm> running,
                       Collection<FailoverDomain> domains) {
            this(loads, hosts, running, domains, Map.of());
        }

        /** The cluster once {@code vm} runs on {@code host} too. */
        public Cluster starting(Vm vm, String host) {
            Map<Vm, String> more = new LinkedHashMap<>(starting);
            more.put(vm, host);
            List<HostLoad> newLoads = loads.stream()
                    .map(l -> l.host().equals(host) ? l.plus(vm.getMemoryMiB(), vm.getVcpus()) : l).toList();
            return new Cluster(newLoads, hosts, running, domains, more);
        }

        /** Where each VM runs, or is about to. */
        Map<Vm, String> placements() {
            Map<Vm, String> all = new LinkedHashMap<>();
            running.forEach(vm -> all.put(vm, vm.getHost()));
            all.putAll(starting);
            return all;
        }
    }

    /**
     * The worst failure found.
     *
     * @param failedHosts the K hosts whose failure is worst
     * @param homeless the HA VMs that failure leaves without room, higher priority first
     * @param homelessPerPriority how many per priority, highest priority first: what "worse" compares
     * @param headroomMiB free memory left on each surviving host once the others' HA VMs are placed, least first
     * @param exhaustive whether every K-host set was tried
     */
    public record Worst(List<String> failedHosts, List<String> homeless, SortedMap<Integer, Integer> homelessPerPriority,
                        Map<String, Long> headroomMiB, boolean exhaustive) {

        public boolean isShort() {
            return !homeless.isEmpty();
        }

        /** Whether this leaves more HA VMs without room than {@code other}, priority by priority. */
        public boolean isWorseThan(Worst other) {
            return compareHomeless(homelessPerPriority, other.homelessPerPriority) > 0;
        }

        public String describe(double memoryOvercommit, double vcpuOvercommit) {
            StringBuilder text = new StringBuilder("losing " + failedHosts + " would leave HA VMs " + homeless
                    + " without room within memoryOvercommit " + memoryOvercommit + " and vcpuOvercommit " + vcpuOvercommit);
            if (!headroomMiB.isEmpty()) {
                List<String> shown = headroomMiB.entrySet().stream().limit(HEADROOM_SHOWN)
                        .map(e -> e.getKey() + " " + e.getValue() + " MiB").toList();
                text.append("; free memory left after it: ").append(String.join(", ", shown))
                        .append(headroomMiB.size() > HEADROOM_SHOWN ? ", …" : "");
            }
            if (!exhaustive) {
                text.append(" (the likeliest worst host sets were searched, not every one)");
            }
            return text.toString();
        }
    }

    private FailoverReserve() {
    }

    /** Why the cluster falls short of absorbing hostFailuresToTolerate failed hosts: empty, or one sentence. */
    public static List<String> shortfall(Collection<HostLoad> upHostLoads, Collection<Host> upHosts,
                                         Collection<Vm> running, Collection<FailoverDomain> domains,
                                         ClusterSettings settings) {
        return shortfall(new Cluster(upHostLoads, upHosts, running, domains), settings);
    }

    static List<String> shortfall(Cluster cluster, ClusterSettings settings) {
        Worst worst = worst(cluster, settings.hostFailuresToTolerate());
        return worst == null || !worst.isShort() ? List.of()
                : List.of(worst.describe(settings.memoryOvercommit(), settings.vcpuOvercommit()));
    }

    /**
     * The worst failure of {@code k} hosts (of every UP host when there are no more), or null when k is 0 or no host
     * is UP.
     */
    public static Worst worst(Cluster cluster, int failures) {
        List<HostLoad> loads = cluster.loads().stream().sorted(Comparator.comparing(HostLoad::host)).toList();
        int k = Math.min(failures, loads.size());
        if (k <= 0) {
            return null;
        }
        Map<String, List<Vm>> haByHost = new HashMap<>();
        cluster.placements().forEach((vm, host) -> {
            if (vm.isHa()) {
                haByHost.computeIfAbsent(host, h -> new ArrayList<>()).add(vm);
            }
        });
        DeclaredConstraints constraints = new DeclaredConstraints(cluster);
        List<String> candidates = candidates(loads, haByHost, k);
        boolean exhaustive = candidates.size() == loads.size();
        Worst worst = null;
        for (List<String> failed : Combinations.of(candidates, k)) {
            Worst outcome = play(failed, loads, haByHost, constraints, exhaustive);
            if (worst == null || outcome.isWorseThan(worst)) {
                worst = outcome;
            }
        }
        return worst;
    }

    private static Worst play(List<String> failed, List<HostLoad> loads, Map<String, List<Vm>> haByHost,
                              DeclaredConstraints constraints, boolean exhaustive) {
        Set<String> down = new HashSet<>(failed);
        List<Vm> displaced = failed.stream().flatMap(h -> haByHost.getOrDefault(h, List.of()).stream()).toList();
        List<HostLoad> survivors = loads.stream().filter(l -> !down.contains(l.host())).toList();
        List<Demand> demands = displaced.stream().map(Demand::of).toList();
        Assignment assignment = BatchPlacement.assign(demands, survivors, constraints, SEARCH_BUDGET_PER_FAILURE);
        Map<String, Vm> byName = new HashMap<>();
        displaced.forEach(vm -> byName.put(vm.getName(), vm));
        SortedMap<Integer, Integer> perPriority = new TreeMap<>(Comparator.reverseOrder());
        assignment.unplaced().forEach(vm -> perPriority.merge(byName.get(vm).getPriority(), 1, Integer::sum));
        Map<String, Long> used = new HashMap<>();
        assignment.targets().forEach((vm, host) -> used.merge(host, byName.get(vm).getMemoryMiB(), Long::sum));
        Map<String, Long> headroom = new LinkedHashMap<>();
        survivors.stream().sorted(Comparator.comparingLong((HostLoad l) -> l.memoryFreeMiB() - used.getOrDefault(l.host(), 0L))
                        .thenComparing(HostLoad::host))
                .forEach(l -> headroom.put(l.host(), l.memoryFreeMiB() - used.getOrDefault(l.host(), 0L)));
        return new Worst(List.copyOf(failed), assignment.unplaced(), perPriority, headroom, exhaustive);
    }

    /**
     * Every host when its K-sets are few enough to play them all ({@link #EXACT_SETS} sets and {@link #EXACT_WORK}
     * VM-host pairs); else the top hosts by each measure of what a failure displaces, as many as the bounds allow.
     */
    private static List<String> candidates(List<HostLoad> loads, Map<String, List<Vm>> haByHost, int k) {
        List<String> all = loads.stream().map(HostLoad::host).toList();
        long haVms = haByHost.values().stream().mapToLong(List::size).sum();
        if (withinBounds(all.size(), all.size(), haVms, k)) {
            return all;
        }
        int perMeasure = 1;
        while (perMeasure * 4 < all.size() && withinBounds((perMeasure + 1) * 4L, all.size(), haVms, k)) {
            perMeasure++;
        }
        List<ToLongFunction<String>> measures = List.of(
                h -> sum(haByHost, h, Vm::getMemoryMiB),
                h -> haByHost.getOrDefault(h, List.of()).stream().mapToLong(Vm::getMemoryMiB).max().orElse(0),
                h -> sum(haByHost, h, Vm::getVcpus),
                h -> haByHost.getOrDefault(h, List.of()).size());
        Set<String> chosen = new LinkedHashSet<>();
        for (ToLongFunction<String> measure : measures) {
            all.stream().sorted(Comparator.comparingLong(measure).reversed().thenComparing(h -> h))
                    .limit(perMeasure).forEach(chosen::add);
        }
        return chosen.stream().sorted().toList();
    }

    /** Whether playing every K-set of {@code candidates} hosts stays within the bounds (HA VMs spread evenly). */
    private static boolean withinBounds(long candidates, long hosts, long haVms, int k) {
        long sets = Combinations.count(candidates, k);
        double displacedPerSet = (double) haVms * k / hosts;
        return sets <= EXACT_SETS && sets * displacedPerSet * hosts <= EXACT_WORK;
    }

    private static long sum(Map<String, List<Vm>> haByHost, String host, ToLongFunction<Vm> size) {
        return haByHost.getOrDefault(host, List.of()).stream().mapToLong(size).sum();
    }

    /** More VMs without room at the highest priority where the two differ is worse. */
    static int compareHomeless(SortedMap<Integer, Integer> a, SortedMap<Integer, Integer> b) {
        SortedSet<Integer> priorities = new TreeSet<>(Comparator.reverseOrder());
        priorities.addAll(a.keySet());
        priorities.addAll(b.keySet());
        for (int priority : priorities) {
            int difference = a.getOrDefault(priority, 0) - b.getOrDefault(priority, 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }
}
