package io.lifeboat.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.lifeboat.facts.HostLoad;

/**
 * Places a batch of VMs at once: the VMs a failure displaced, with the start requests waiting.
 *
 * <p>The goal is lexicographic by priority: as many VMs of the highest priority as any assignment within the limits
 * and the constraints can place, then as many of the next, and so on. Placing one VM at a time onto the host with the
 * most free memory strands VMs a packing would place (two hosts with 64 GiB free and VMs of 36, 28, 28 and 36 GiB:
 * worst-fit places three, a packing four). So: greedy passes (preferred hosts, first fit, worst fit, best fit),
 * a repair of the best (move one placed VM to make room, or give a lower-priority VM's room to a higher one), and on
 * small batches an exhaustive branch-and-bound search that proves the answer best. Ties keep the preferred pass, so
 * when capacity is ample every VM goes where it prefers. The search is bounded by a count of steps, not by time, so
 * the same input always gives the same answer.
 */
public final class BatchPlacement {
    /** Batches up to this size are searched exhaustively (within a budget of work). */
    static final int EXACT_BATCH = 16;
    /** Fit checks the search may make before it settles for the best found (a few milliseconds). */
    public static final long SEARCH_BUDGET = 2_000_000;

    private BatchPlacement() {
    }

    public static Assignment assign(List<Demand> demands, List<HostLoad> rooms, Preferences preferences) {
        return assign(demands, rooms, preferences, SEARCH_BUDGET);
    }

    /** @param searchBudget fit checks the exhaustive search may make; 0 for the greedy passes and repair only */
    public static Assignment assign(List<Demand> demands, List<HostLoad> rooms, Preferences preferences,
                                    long searchBudget) {
        Problem problem = new Problem(demands, rooms, preferences);
        State preferred = problem.greedy(Pass.PREFERRED);
        if (preferred.unplacedCount() == 0) {
            return problem.answer(preferred, "preferred hosts", true);
        }
        State best = preferred;
        String method = "preferred hosts";
        for (Pass pass : List.of(Pass.FIRST_FIT, Pass.WORST_FIT, Pass.BEST_FIT)) {
            State candidate = problem.greedy(pass);
            if (problem.compare(candidate, best) > 0) {
                best = candidate;
                method = pass.label;
            }
        }
        State repaired = best.copy();
        if (problem.repair(repaired) && problem.compare(repaired, best) > 0) {
            best = repaired;
            method = method + " and repair";
        }
        if (best.unplacedCount() == 0) {
            return problem.answer(best, method, true);
        }
        if (demands.size() > EXACT_BATCH || searchBudget == 0) {
            return problem.answer(best, method, false);
        }
        Search search = new Search(problem, best, searchBudget);
        search.run(0);
        boolean finished = search.work <= searchBudget;
        if (problem.compare(search.best, best) > 0) {
            return problem.answer(search.best, finished ? "exhaustive search" : "bounded search", finished);
        }
        return problem.answer(best, method + (finished ? ", proven best by search" : ""), finished);
    }

    private enum Pass {
        PREFERRED("preferred hosts"), FIRST_FIT("first fit"), WORST_FIT("worst fit"), BEST_FIT("best fit");

        final String label;

        Pass(String label) {
            this.label = label;
        }
    }

    /** The batch in placement order and the hosts, as indices, with each VM's eligible hosts in preference order. */
    private static final class Problem {
        final Demand[] demands;
        final HostLoad[] rooms;
        final int[][] eligible;
        /** Each VM's rank and score of its eligible hosts, position by position. */
        final int[][] ranks;
        final double[][] scores;
        final int[] level;
        final int levels;
        final int[] group;
        final int groups;
        /** Every host and no preference: the shared answer for VMs that are indifferent to where they go. */
        private int[] everyHost;
        private int[] noRanks;
        private double[] noScores;

        Problem(List<Demand> batch, List<HostLoad> hostRooms, Preferences preferences) {
            demands = batch.stream().sorted(Comparator.comparingInt(Demand::priority).reversed()
                    .thenComparing(Comparator.comparingLong(Demand::memoryMiB).reversed())
                    .thenComparing(Demand::vm)).toArray(Demand[]::new);
            rooms = sortedByName(hostRooms);
            int[] priorities = Arrays.stream(demands).mapToInt(Demand::priority).distinct().toArray();
            levels = priorities.length;
            level = new int[demands.length];
            group = new int[demands.length];
            Map<String, Integer> groupIds = new HashMap<>();
            eligible = new int[demands.length][];
            ranks = new int[demands.length][];
            scores = new double[demands.length][];
            for (int i = 0; i < demands.length; i++) {
                Demand d = demands[i];
                level[i] = indexOf(priorities, d.priority());
                group[i] = d.antiAffinity() == null ? -1 : groupIds.computeIfAbsent(d.antiAffinity(), g -> groupIds.size());
                preferencesOf(i, preferences);
            }
            groups = groupIds.size();
        }

        /** The VM's eligible hosts in preference order (rank, score, name), with their ranks and scores. */
        private void preferencesOf(int vm, Preferences preferences) {
            if (preferences.indifferent(demands[vm].vm())) {
                if (everyHost == null) {
                    everyHost = IntStream.range(0, rooms.length).toArray();
                    noRanks = new int[rooms.length];
                    noScores = new double[rooms.length];
                }
                eligible[vm] = everyHost;
                ranks[vm] = noRanks;
                scores[vm] = noScores;
                return;
            }
            int[] hosts = new int[rooms.length];
            int[] rank = new int[rooms.length];
            double[] score = new double[rooms.length];
            int count = 0;
            boolean ordered = true;
            for (int h = 0; h < rooms.length; h++) {
                String host = rooms[h].host();
                if (preferences.allows(demands[vm].vm(), host)) {
                    hosts[count] = h;
                    rank[count] = preferences.rank(demands[vm].vm(), host);
                    score[count] = preferences.score(demands[vm].vm(), host);
                    ordered &= rank[count] == 0 && score[count] == 0;
                    count++;
                }
            }
            Integer[] order = new Integer[count];
            for (int p = 0; p < count; p++) {
                order[p] = p;
            }
            if (!ordered) {
                Arrays.sort(order, Comparator.<Integer>comparingInt(p -> rank[p]).thenComparing(p -> -score[p])
                        .thenComparingInt(p -> hosts[p]));
            }
            eligible[vm] = new int[count];
            ranks[vm] = new int[count];
            scores[vm] = new double[count];
            for (int p = 0; p < count; p++) {
                eligible[vm][p] = hosts[order[p]];
                ranks[vm][p] = rank[order[p]];
                scores[vm][p] = score[order[p]];
            }
        }

        private static HostLoad[] sortedByName(List<HostLoad> loads) {
            HostLoad[] rooms = loads.toArray(HostLoad[]::new);
            for (int i = 1; i < rooms.length; i++) {
                if (rooms[i - 1].host().compareTo(rooms[i].host()) > 0) {
                    Arrays.sort(rooms, Comparator.comparing(HostLoad::host));
                    break;
                }
            }
            return rooms;
        }

        private static int indexOf(int[] values, int value) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == value) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no level " + value);
        }

        State empty() {
            return new State(this);
        }

        State greedy(Pass pass) {
            State state = empty();
            for (int i = 0; i < demands.length; i++) {
                int host = choose(state, i, pass);
                if (host >= 0) {
                    state.place(i, host);
                }
            }
            return state;
        }

        private int choose(State state, int vm, Pass pass) {
            int chosen = -1;
            for (int p = 0; p < eligible[vm].length; p++) {
                if (state.fits(vm, eligible[vm][p]) && (chosen < 0 || better(state, vm, p, chosen, pass))) {
                    chosen = p;
                }
            }
            return chosen < 0 ? -1 : eligible[vm][chosen];
        }

        /**
         * Whether the host at position {@code pa} of the VM's eligible hosts is better than the one at {@code pb} in
         * this pass. First fit and worst fit ignore preferences (hosts by name), as peers place; the preferred pass and
         * best fit's ties follow them.
         */
        private boolean better(State state, int vm, int pa, int pb, Pass pass) {
            int a = eligible[vm][pa];
            int b = eligible[vm][pb];
            long freeA = state.memoryFree[a];
            long freeB = state.memoryFree[b];
            switch (pass) {
                case FIRST_FIT:
                    return a < b;
                case WORST_FIT:
                    return freeA != freeB ? freeA > freeB : a < b;
                case BEST_FIT:
                    if (freeA != freeB) {
                        return freeA < freeB;
                    }
                    break;
                default:
                    break;
            }
            if (ranks[vm][pa] != ranks[vm][pb]) {
                return ranks[vm][pa] < ranks[vm][pb];
            }
            if (scores[vm][pa] != scores[vm][pb]) {
                return scores[vm][pa] > scores[vm][pb];
            }
            return freeA > freeB;
        }

        /**
         * Places what it can of the unplaced VMs by moving one placed VM of the batch to another host, or by taking
         * a lower-priority VM's place (it is tried again afterwards). Every step keeps every limit.
         *
         * @return whether anything changed
         */
        boolean repair(State state) {
            boolean changed = false;
            for (int round = 0; round < demands.length; round++) {
                boolean progress = false;
                for (int vm = 0; vm < demands.length; vm++) {
                    if (state.host[vm] < 0 && (placeDirectly(state, vm) || makeRoomByMoving(state, vm)
                            || takeLowerPriorityPlace(state, vm))) {
                        progress = true;
                    }
                }
                if (!progress) {
                    break;
                }
                changed = true;
            }
            return changed;
        }

        private boolean placeDirectly(State state, int vm) {
            int host = choose(state, vm, Pass.PREFERRED);
            if (host < 0) {
                return false;
            }
            state.place(vm, host);
            return true;
        }

        private boolean makeRoomByMoving(State state, int vm) {
            for (int h : eligible[vm]) {
                for (int other = 0; other < demands.length; other++) {
                    if (state.host[other] != h) {
                        continue;
                    }
                    state.unplace(other);
                    if (state.fits(vm, h)) {
                        for (int elsewhere : eligible[other]) {
                            if (elsewhere != h && state.fits(other, elsewhere)) {
                                state.place(other, elsewhere);
                                if (state.fits(vm, h)) {
                                    state.place(vm, h);
                                    return true;
                                }
                                state.unplace(other);
                            }
                        }
                    }
                    state.place(other, h);
                }
            }
            return false;
        }

        private boolean takeLowerPriorityPlace(State state, int vm) {
            for (int h : eligible[vm]) {
                for (int other = demands.length - 1; other > vm; other--) {
                    if (state.host[other] != h || level[other] <= level[vm]) {
                        continue;
                    }
                    state.unplace(other);
                    if (state.fits(vm, h)) {
                        state.place(vm, h);
                        return true;
                    }
                    state.place(other, h);
                }
            }
            return false;
        }

        /** Lexicographic by priority level, higher priority first: more placed is better. */
        int compare(State a, State b) {
            for (int l = 0; l < levels; l++) {
                if (a.placedPerLevel[l] != b.placedPerLevel[l]) {
                    return Integer.compare(a.placedPerLevel[l], b.placedPerLevel[l]);
                }
            }
            return 0;
        }

        Assignment answer(State state, String method, boolean provenBest) {
            Map<String, String> targets = new LinkedHashMap<>();
            List<String> unplaced = new ArrayList<>();
            for (int i = 0; i < demands.length; i++) {
                if (state.host[i] >= 0) {
                    targets.put(demands[i].vm(), rooms[state.host[i]].host());
                } else {
                    unplaced.add(demands[i].vm());
                }
            }
            return new Assignment(targets, unplaced, method, provenBest);
        }
    }

    /** Where each VM of the batch goes (-1: nowhere) and what is left on each host. */
    private static final class State {
        final Problem problem;
        final int[] host;
        final long[] memoryFree;
        final long[] vcpusFree;
        final int[] groupOnHost;
        final int[] placedPerLevel;

        State(Problem problem) {
            this.problem = problem;
            host = new int[problem.demands.length];
            Arrays.fill(host, -1);
            memoryFree = new long[problem.rooms.length];
            vcpusFree = new long[problem.rooms.length];
            for (int h = 0; h < problem.rooms.length; h++) {
                HostLoad room = problem.rooms[h];
                memoryFree[h] = room.memoryLimitMiB() - room.memoryUsedMiB();
                vcpusFree[h] = room.vcpuLimit() - room.vcpusUsed();
            }
            groupOnHost = new int[problem.rooms.length * Math.max(problem.groups, 1)];
            placedPerLevel = new int[problem.levels];
        }

        private State(State other) {
            problem = other.problem;
            host = other.host.clone();
            memoryFree = other.memoryFree.clone();
            vcpusFree = other.vcpusFree.clone();
            groupOnHost = other.groupOnHost.clone();
            placedPerLevel = other.placedPerLevel.clone();
        }

        State copy() {
            return new State(this);
        }

        boolean fits(int vm, int h) {
            Demand d = problem.demands[vm];
            int g = problem.group[vm];
            return memoryFree[h] >= d.memoryMiB() && vcpusFree[h] >= d.vcpus()
                    && (g < 0 || groupOnHost[h * problem.groups + g] == 0);
        }

        void place(int vm, int h) {
            move(vm, h, 1);
            host[vm] = h;
        }

        void unplace(int vm) {
            move(vm, host[vm], -1);
            host[vm] = -1;
        }

        private void move(int vm, int h, int sign) {
            Demand d = problem.demands[vm];
            memoryFree[h] -= sign * d.memoryMiB();
            vcpusFree[h] -= sign * d.vcpus();
            if (problem.group[vm] >= 0) {
                groupOnHost[h * problem.groups + problem.group[vm]] += sign;
            }
            placedPerLevel[problem.level[vm]] += sign;
        }

        int unplacedCount() {
            return (int) Arrays.stream(host).filter(h -> h < 0).count();
        }
    }

    /**
     * Branch and bound over the batch in placement order: each VM on each eligible host with room, or nowhere.
     * A branch is cut when even placing every VM left that still fits somewhere could not beat the best found (room
     * only shrinks down a branch, so a VM that fits nowhere now never will).
     */
    private static final class Search {
        final Problem problem;
        final State current;
        final long budget;
        State best;
        long work;

        Search(Problem problem, State incumbent, long budget) {
            this.problem = problem;
            this.best = incumbent;
            this.current = problem.empty();
            this.budget = budget;
        }

        void run(int vm) {
            if (work > budget || !canBeatBest(vm)) {
                return;
            }
            if (vm == problem.demands.length) {
                if (problem.compare(current, best) > 0) {
                    best = current.copy();
                }
                return;
            }
            for (int h : problem.eligible[vm]) {
                work++;
                if (current.fits(vm, h)) {
                    current.place(vm, h);
                    run(vm + 1);
                    current.unplace(vm);
                }
            }
            run(vm + 1);
        }

        private boolean canBeatBest(int vm) {
            int[] bound = current.placedPerLevel.clone();
            for (int i = vm; i < problem.demands.length; i++) {
                for (int h : problem.eligible[i]) {
                    work++;
                    if (current.fits(i, h)) {
                        bound[problem.level[i]]++;
                        break;
                    }
                }
            }
            for (int l = 0; l < problem.levels; l++) {
                if (bound[l] != best.placedPerLevel[l]) {
                    return bound[l] > best.placedPerLevel[l];
                }
            }
            return false;
        }
    }
}
