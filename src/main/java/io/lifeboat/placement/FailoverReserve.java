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
import java.util.Objects;
import java.util.Optional;
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

    /** What the cluster's shape was at the last update: hosts, their limits, domains and K. */
    private Shape shape;
    /** Where each VM ran at the last update. */
    private Map<String, Placed> placed = Map.of();
    /** Each host's load at the last update. */
    private Map<String, HostLoad> loaded = Map.of();
    /** Each failure played at the last update. */
    private Map<List<String>, Played> played = Map.of();
    private long failuresPlayed;
    /** What each host keeps for failover: the most any failure played would start there. */
    private Map<String, Reserved> reserved = Map.of();

    /** Memory and vCPUs a host keeps free for the HA VMs of failed hosts. */
    public record Reserved(long memoryMiB, long vcpus) {
        public static final Reserved NONE = new Reserved(0, 0);
    }

    /** The worst failure of {@code failures} hosts, played from scratch. */
    public static Worst worst(Cluster cluster, int failures) {
        return new FailoverReserve().update(cluster, failures);
    }

    /**
     * Why the cluster falls short of absorbing hostFailuresToTolerate failed hosts: empty, or one sentence. Each call
     * carries on from the previous one (see {@link #update}).
     */
    public List<String> shortfall(Collection<HostLoad> upHostLoads, Collection<Host> upHosts,
                                  Collection<Vm> running, Collection<FailoverDomain> domains,
                                  ClusterSettings settings) {
        Worst worst = update(new Cluster(upHostLoads, upHosts, running, domains), settings.hostFailuresToTolerate());
        return worst == null || !worst.isShort() ? List.of()
                : List.of(worst.describe(settings.memoryOvercommit(), settings.vcpuOvercommit()));
    }

    /**
     * The worst failure of {@code k} hosts (of every UP host when there are no more), or null when k is 0 or no host
     * is UP.
     *
     * <p>Incremental: while the hosts, their limits, the domains and K stay the same, or hosts only leave (a failed
     * host, one put in maintenance), a failure played before is played again only when a change could alter its answer:
     * a proof that sent VMs to a host that left is played again. Each played failure keeps where its displaced HA VMs
     * went, which proves they fit; a VM that starts, stops or moves leaves that proof standing unless it lands on a
     * host the proof uses (then its limits and anti-affinity are checked again) or is an HA VM of a failed host (then
     * it is fitted into the proof). A failure that leaves VMs without room is always played again, since any change
     * may make room. Only a proof that breaks costs a new play.
     *
     * <p>So "absorbed" means an assignment within the limits and the declared constraints is known. On failures that
     * displace more than {@link BatchPlacement#EXACT_BATCH} VMs, where a play from scratch is a heuristic, a kept
     * proof can place VMs that a play from scratch (and a real recovery) would strand; a shortfall is always the
     * answer of a play from scratch.
     */
    public Worst update(Cluster cluster, int failures) {
        List<HostLoad> loads = cluster.loads().stream().sorted(Comparator.comparing(HostLoad::host)).toList();
        int k = Math.min(failures, loads.size());
        if (k <= 0) {
            shape = null;
            placed = Map.of();
            loaded = Map.of();
            played = Map.of();
            reserved = Map.of();
            return null;
        }
        Map<String, Placed> now = new HashMap<>();
        Map<String, List<Vm>> haByHost = new HashMap<>();
        cluster.placements().forEach((vm, host) -> {
            now.put(vm.getName(), new Placed(vm, host));
            if (vm.isHa()) {
                haByHost.computeIfAbsent(host, h -> new ArrayList<>()).add(vm);
            }
        });
        Shape currentShape = Shape.of(cluster, loads, k);
        Failures context = new Failures(loads, haByHost, new DeclaredConstraints(cluster), now);
        Optional<Set<String>> left = currentShape.hostsLeftSince(shape);
        Changes changes = left.map(gone -> Changes.between(placed, now, loaded, context.loadByHost, gone)).orElse(null);
        List<String> candidates = candidates(loads, haByHost, k);
        Map<List<String>, Played> next = new HashMap<>();
        Played worst = null;
        for (List<String> failed : Combinations.of(candidates, k)) {
            Played before = changes == null ? null : played.get(failed);
            Played outcome = before == null ? context.play(failed)
                    : changes.couldAlter(before) ? context.revise(before, changes) : before;
            next.put(failed, outcome);
            if (worst == null || compareHomeless(outcome.perPriority(), worst.perPriority()) > 0) {
                worst = outcome;
            }
        }
        failuresPlayed += context.plays;
        shape = currentShape;
        placed = now;
        loaded = context.loadByHost;
        played = next;
        reserved = reservedOf(next.values());
        return worst.toWorst(loads, candidates.size() == loads.size());
    }

    /**
     * What the host keeps free for failover as of the last check: the most memory (and vCPUs) that any failure played
     * would start there.
     */
    public Reserved reservedOn(String host) {
        return reserved.getOrDefault(host, Reserved.NONE);
    }

    private static Map<String, Reserved> reservedOf(Collection<Played> failures) {
        Map<String, Reserved> most = new HashMap<>();
        for (Played failure : failures) {
            failure.used().forEach((host, taken) -> most.merge(host, new Reserved(taken[0], taken[1]),
                    (a, b) -> new Reserved(Math.max(a.memoryMiB(), b.memoryMiB()), Math.max(a.vcpus(), b.vcpus()))));
        }
        return most;
    }

    /** How many failures were played (not kept) since this was created: what the incremental update saves. */
    public long failuresPlayed() {
        return failuresPlayed;
    }

    /** Hosts with their limits, the UP hosts, domains and K: what a proof kept from one update to the next needs. */
    private record Shape(int k, Map<String, List<Long>> limits, Map<String, Host> hosts,
                         List<FailoverDomain> domains) {

        static Shape of(Cluster cluster, List<HostLoad> loads, int k) {
            Map<String, List<Long>> limits = new HashMap<>();
            loads.forEach(l -> limits.put(l.host(), List.of(l.memoryLimitMiB(), l.vcpuLimit())));
            Map<String, Host> hosts = new HashMap<>();
            cluster.hosts().forEach(h -> hosts.put(h.getName(), h));
            return new Shape(k, limits, hosts,
                    cluster.domains().stream().sorted(Comparator.comparing(FailoverDomain::name)).toList());
        }

        /**
         * The hosts that left since {@code before} (none when the shape is the same), or empty when a proof made then
         * cannot be carried on: K, the domains, a remaining host or its limits changed, or a host came.
         */
        Optional<Set<String>> hostsLeftSince(Shape before) {
            if (before == null || k != before.k || !domains.equals(before.domains)
                    || !before.limits.keySet().containsAll(limits.keySet())) {
                return Optional.empty();
            }
            Set<String> gone = new HashSet<>();
            for (Map.Entry<String, List<Long>> earlier : before.limits.entrySet()) {
                String host = earlier.getKey();
                if (!limits.containsKey(host)) {
                    gone.add(host);
                } else if (!limits.get(host).equals(earlier.getValue())
                        || !Objects.equals(hosts.get(host), before.hosts.get(host))) {
                    return Optional.empty();
                }
            }
            return hosts.keySet().equals(limits.keySet()) && before.hosts.keySet().equals(before.limits.keySet())
                    ? Optional.of(gone) : Optional.empty();
        }
    }

    /** A VM where it runs (the VM object too: a reconfigured VM is a new object). */
    private record Placed(Vm vm, String host) {
    }

    /**
     * One failure played: where its displaced HA VMs go (proof that they fit) and those left without room.
     *
     * @param used memory and vCPUs the displaced VMs take on each surviving host
     */
    private record Played(List<String> failed, Map<String, String> targets, List<String> unplaced,
                          SortedMap<Integer, Integer> perPriority, Map<String, long[]> used) {

        boolean isShort() {
            return !unplaced.isEmpty();
        }

        Worst toWorst(List<HostLoad> loads, boolean exhaustive) {
            Map<String, Long> headroom = new LinkedHashMap<>();
            loads.stream().filter(l -> !failed.contains(l.host()))
                    .sorted(Comparator.comparingLong(this::memoryLeft).thenComparing(HostLoad::host))
                    .forEach(l -> headroom.put(l.host(), memoryLeft(l)));
            return new Worst(failed, unplaced, perPriority, headroom, exhaustive);
        }

        private long memoryLeft(HostLoad load) {
            return load.memoryFreeMiB() - used.getOrDefault(load.host(), new long[2])[0];
        }
    }

    /**
     * Where VMs run now against the last update: the hosts whose VMs or load changed, the hosts where HA VMs came or
     * went, the VMs gone and arrived.
     */
    private record Changes(Set<String> hosts, Set<String> haHosts, Set<String> gone, List<Placed> arrived) {

        static Changes between(Map<String, Placed> before, Map<String, Placed> now, Map<String, HostLoad> loadsBefore,
                               Map<String, HostLoad> loadsNow, Set<String> hostsGone) {
            Changes changes = new Changes(new HashSet<>(hostsGone), new HashSet<>(), new HashSet<>(),
                    new ArrayList<>());
            loadsNow.forEach((host, load) -> {
                if (!load.equals(loadsBefore.get(host))) {
                    changes.hosts.add(host);
                }
            });
            now.forEach((name, current) -> {
                Placed earlier = before.get(name);
                if (earlier == null || earlier.vm() != current.vm() || !earlier.host().equals(current.host())) {
                    if (earlier != null) {
                        changes.leave(name, earlier);
                    }
                    changes.hosts.add(current.host());
                    if (current.vm().isHa()) {
                        changes.haHosts.add(current.host());
                    }
                    changes.arrived.add(current);
                }
            });
            before.forEach((name, earlier) -> {
                if (!now.containsKey(name)) {
                    changes.leave(name, earlier);
                }
            });
            changes.arrived.sort(Comparator.comparingInt((Placed p) -> -p.vm().getPriority())
                    .thenComparing(p -> p.vm().getName()));
            return changes;
        }

        private void leave(String name, Placed earlier) {
            gone.add(name);
            hosts.add(earlier.host());
            if (earlier.vm().isHa()) {
                haHosts.add(earlier.host());
            }
        }

        /** Whether the failure's answer may differ: it left VMs without room, or its proof or displaced VMs changed. */
        boolean couldAlter(Played before) {
            if (hosts.isEmpty()) {
                return false;
            }
            if (before.isShort()) {
                return true;
            }
            return hosts.stream().anyMatch(h -> before.used().containsKey(h)
                    || before.failed().contains(h) && haHosts.contains(h));
        }
    }

    /** Plays failures of the cluster as it is now. */
    private static final class Failures {
        private final List<HostLoad> loads;
        private final Map<String, HostLoad> loadByHost = new HashMap<>();
        private final Map<String, List<Vm>> haByHost;
        private final DeclaredConstraints constraints;
        private final Map<String, Placed> placed;
        private long plays;

        Failures(List<HostLoad> loads, Map<String, List<Vm>> haByHost, DeclaredConstraints constraints,
                 Map<String, Placed> placed) {
            this.loads = loads;
            loads.forEach(l -> loadByHost.put(l.host(), l));
            this.haByHost = haByHost;
            this.constraints = constraints;
            this.placed = placed;
        }

        Played play(List<String> failed) {
            plays++;
            Set<String> down = new HashSet<>(failed);
            List<Vm> displaced = failed.stream().flatMap(h -> haByHost.getOrDefault(h, List.of()).stream()).toList();
            List<HostLoad> survivors = loads.stream().filter(l -> !down.contains(l.host())).toList();
            Assignment assignment = BatchPlacement.assign(displaced.stream().map(Demand::of).toList(), survivors,
                    constraints, SEARCH_BUDGET_PER_FAILURE);
            SortedMap<Integer, Integer> perPriority = new TreeMap<>(Comparator.reverseOrder());
            assignment.unplaced().forEach(vm -> perPriority.merge(placed.get(vm).vm().getPriority(), 1, Integer::sum));
            return new Played(List.copyOf(failed), assignment.targets(), assignment.unplaced(), perPriority,
                    used(assignment.targets()));
        }

        /** The earlier proof kept where the changes leave it standing, else the failure played again. */
        Played revise(Played before, Changes changes) {
            if (before.isShort()) {
                return play(before.failed());
            }
            Map<String, String> targets = new LinkedHashMap<>(before.targets());
            targets.keySet().removeAll(changes.gone());
            Map<String, long[]> used = used(targets);
            for (Map.Entry<String, String> target : targets.entrySet()) {
                String host = target.getValue();
                if (changes.hosts().contains(host) && (!loadByHost.containsKey(host)
                        || !fits(host, used.get(host)) || !constraints.allows(target.getKey(), host))) {
                    return play(before.failed());
                }
            }
            for (Placed arrived : changes.arrived()) {
                if (arrived.vm().isHa() && before.failed().contains(arrived.host())) {
                    String host = firstFit(arrived.vm(), before.failed(), targets, used);
                    if (host == null) {
                        return play(before.failed());
                    }
                    targets.put(arrived.vm().getName(), host);
                    add(used, host, arrived.vm());
                }
            }
            return new Played(before.failed(), targets, List.of(), new TreeMap<>(Comparator.reverseOrder()), used);
        }

        private String firstFit(Vm vm, List<String> failed, Map<String, String> targets, Map<String, long[]> used) {
            for (HostLoad load : loads) {
                String host = load.host();
                long[] taken = used.getOrDefault(host, new long[2]);
                if (!failed.contains(host) && constraints.allows(vm.getName(), host)
                        && taken[0] + vm.getMemoryMiB() <= load.memoryFreeMiB()
                        && taken[1] + vm.getVcpus() <= load.vcpusFree()
                        && (vm.getAntiAffinity() == null || targets.entrySet().stream().noneMatch(t -> t.getValue()
                                .equals(host) && vm.getAntiAffinity().equals(placed.get(t.getKey()).vm().getAntiAffinity())))) {
                    return host;
                }
            }
            return null;
        }

        private boolean fits(String host, long[] taken) {
            HostLoad load = loadByHost.get(host);
            return taken[0] <= load.memoryFreeMiB() && taken[1] <= load.vcpusFree();
        }

        private Map<String, long[]> used(Map<String, String> targets) {
            Map<String, long[]> used = new HashMap<>();
            targets.forEach((vm, host) -> add(used, host, placed.get(vm).vm()));
            return used;
        }

        private static void add(Map<String, long[]> used, String host, Vm vm) {
            long[] taken = used.computeIfAbsent(host, h -> new long[2]);
            taken[0] += vm.getMemoryMiB();
            taken[1] += vm.getVcpus();
        }
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
            Map<String, Long> measured = new HashMap<>();
            all.forEach(h -> measured.put(h, measure.applyAsLong(h))); // once per host, not once per comparison
            all.stream().sorted(Comparator.comparing((String h) -> measured.get(h)).reversed().thenComparing(h -> h))
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
