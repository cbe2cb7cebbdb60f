package io.lifeboat.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySources;
import io.lifeboat.simulate.Scenario.EventSpec;

/**
 * The safety property over random timelines (host deaths, fence failures and hangs, late heartbeats, VM crashes,
 * Lifeboat restarts with actions in flight, policy reloads), each run through the real simulator and dispatcher
 * (the same code path as {@code simulate}) with a {@link SafetyMonitor} on the simulated world: no moment with two
 * running copies of a VM, no start before its last host is switched off. A timeline that does not finish within
 * {@link #TIMELINE_LIMIT_SECONDS} (a rule loop) fails too.
 *
 * <p>{@code -Dlifeboat.property.timelines=N} (default 10 000) and {@code -Dlifeboat.property.baseSeed=S} choose the
 * timelines: seeds S, S+1, ...; {@code -Dlifeboat.property.seed=N} reruns one. A failure prints its seed and a shrunk
 * scenario (YAML, for {@code lifeboat simulate}) that still fails.
 */
class SafetyPropertyTest {
    static final int TIMELINES = Integer.getInteger("lifeboat.property.timelines", 10_000);
    static final long BASE_SEED = Long.getLong("lifeboat.property.baseSeed", 20_261_201L);
    static final Long ONE_SEED = Long.getLong("lifeboat.property.seed");
    static final int TIMELINE_LIMIT_SECONDS = 30;
    private static final int THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private static Simulator simulator;

    @BeforeAll
    static void compile() {
        simulator = new Simulator(new PolicyCompiler().compile(PolicySources.shipped()));
    }

    /** What one timeline gave: its violations (or the error that ended it) and what it did. */
    record Result(long seed, List<String> violations, int events, int actions, int fences, int starts,
                  int restarts, int reloads, long moments, long worldStarts, int defragments, int failbacks) {
        boolean failed() {
            return !violations.isEmpty();
        }
    }

    static Result run(long seed, Scenario scenario) {
        ScenarioReader.validate(scenario);
        SafetyMonitor monitor = new SafetyMonitor(scenario.vms().stream().map(Scenario.VmSpec::name)
                .collect(Collectors.toSet()));
        List<String> violations = new ArrayList<>();
        Plan plan = null;
        try {
            plan = simulator.run(scenario, monitor);
        } catch (RuntimeException e) {
            violations.add("ERROR: " + e);
        }
        violations.addAll(0, monitor.violations());
        List<EventSpec> events = scenario.events();
        List<Plan.PlannedAction> actions = plan == null ? List.of() : plan.actions();
        return new Result(seed, violations, events.size(), actions.size(),
                count(actions, "FENCE_HOST"), count(actions, "START_VM"),
                (int) events.stream().filter(e -> e.type() == Scenario.EventType.LIFEBOAT_RESTART).count(),
                (int) events.stream().filter(e -> e.type() == Scenario.EventType.POLICY_RELOAD).count(),
                monitor.moments(), monitor.starts(), byRule(actions, "placement.defragment"),
                (int) actions.stream().filter(a -> a.reason() != null && a.reason().startsWith("FAILBACK")).count());
    }

    private static int count(List<Plan.PlannedAction> actions, String type) {
        return (int) actions.stream().filter(a -> a.type().equals(type)).count();
    }

    private static int byRule(List<Plan.PlannedAction> actions, String rule) {
        return (int) actions.stream().filter(a -> rule.equals(a.rule())).count();
    }

    @Test
    void noTimelineEverRunsTwoCopiesOfAVmOrStartsOneBeforeItsHostIsOff() throws Exception {
        List<Long> seeds = new ArrayList<>();
        if (ONE_SEED != null) {
            seeds.add(ONE_SEED);
        } else {
            for (int i = 0; i < TIMELINES; i++) {
                seeds.add(BASE_SEED + i);
            }
        }
        System.out.printf("safety property: %d timelines from base seed %d (rerun one: -Dlifeboat.property.seed=N)%n",
                seeds.size(), ONE_SEED != null ? ONE_SEED : BASE_SEED);
        long began = System.nanoTime();
        AtomicInteger threadCount = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, task -> {
            Thread t = new Thread(task, "property-" + threadCount.incrementAndGet());
            t.setDaemon(true); // a hung timeline must not keep the test JVM alive
            return t;
        });
        List<Future<Result>> futures = new ArrayList<>();
        for (long seed : seeds) {
            futures.add(pool.submit(() -> run(seed, TimelineGenerator.timeline(seed))));
        }
        long events = 0, actions = 0, fences = 0, starts = 0, restarts = 0, reloads = 0, moments = 0, worldStarts = 0;
        long defragments = 0, failbacks = 0;
        Result failure = null;
        try {
            for (int i = 0; i < futures.size() && failure == null; i++) {
                Result r;
                try {
                    r = futures.get(i).get(TIMELINE_LIMIT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException hung) {
                    futures.get(i).cancel(true);
                    r = new Result(seeds.get(i), List.of("HUNG: the timeline did not finish within "
                            + TIMELINE_LIMIT_SECONDS + " s (a rule loop?)"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                } catch (ExecutionException e) {
                    r = new Result(seeds.get(i), List.of("ERROR: " + e.getCause()), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                }
                if (r.failed()) {
                    failure = r;
                    System.out.printf("safety property: seed %d fails: %s%n", r.seed(), r.violations().get(0));
                }
                events += r.events();
                actions += r.actions();
                fences += r.fences();
                starts += r.starts();
                restarts += r.restarts();
                reloads += r.reloads();
                moments += r.moments();
                worldStarts += r.worldStarts();
                defragments += r.defragments();
                failbacks += r.failbacks();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("safety property: %d timelines, %d events, %d actions (%d fence attempts, %d VM starts"
                        + " decided, %d starts and migrations carried out, %d migrations to make room, %d failbacks),"
                        + " %d Lifeboat restarts, %d policy reloads, %d moments checked, in %.1f s%n", seeds.size(),
                events, actions, fences, starts, worldStarts, defragments, failbacks, restarts, reloads, moments,
                (System.nanoTime() - began) / 1e9);
        Result failed = failure;
        assertThat(failed).as(() -> report(failed)).isNull();
        if (ONE_SEED == null && seeds.size() >= 1000) {
            assertThat(defragments).as("timelines where room is made by migration").isPositive();
            assertThat(failbacks).as("timelines where VMs fail back").isPositive();
        }
    }

    private static String report(Result failure) {
        String first = failure.violations().get(0);
        String head = "seed " + failure.seed() + " breaks the safety property (rerun: -Dlifeboat.property.seed="
                + failure.seed() + "):\n  " + String.join("\n  ", failure.violations());
        if (first.startsWith("HUNG")) {
            // Rerunning a hang to shrink it would hang again.
            return head + "\nthe scenario:\n" + yaml(TimelineGenerator.timeline(failure.seed()));
        }
        Scenario shrunk = shrink(TimelineGenerator.timeline(failure.seed()), first);
        return head + "\nshrunk scenario that still fails (" + run(failure.seed(), shrunk).violations().get(0)
                + "):\n" + yaml(shrunk);
    }

    /** Drops events one at a time while the timeline still fails the same way: a smaller reproducer. */
    static Scenario shrink(Scenario scenario, String violation) {
        String kind = violation.substring(0, violation.indexOf(':'));
        Scenario current = scenario;
        for (int i = current.events().size() - 1; i >= 0; i--) {
            List<EventSpec> fewer = new ArrayList<>(current.events());
            fewer.remove(i);
            Scenario candidate = new Scenario(current.cluster(), current.hosts(), current.vms(),
                    current.failoverDomains(), fewer, current.startupGrace());
            Result r = run(-1, candidate);
            if (r.failed() && r.violations().get(0).startsWith(kind)) {
                current = candidate;
            }
        }
        List<EventSpec> sorted = new ArrayList<>(current.events());
        sorted.sort(java.util.Comparator.comparingDouble(EventSpec::at));
        return new Scenario(current.cluster(), current.hosts(), current.vms(), current.failoverDomains(), sorted,
                current.startupGrace());
    }

    static String yaml(Scenario scenario) {
        try {
            return YAMLMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build()
                    .writeValueAsString(scenario);
        } catch (JsonProcessingException e) {
            return scenario.toString();
        }
    }

    @Test
    void theMonitorSeesASecondCopyLifeboatMakes() {
        // An honest monitor: a world where a start lands on a host while a silent, powered host still runs the VM.
        SimulatedCluster world = new SimulatedCluster();
        SafetyMonitor monitor = new SafetyMonitor(Set.of("db1"));
        world.watch(monitor);
        world.addHost("h1", java.util.Map.of());
        world.addHost("h2", java.util.Map.of());
        world.runDomain("h1", "db1");
        world.moment("db1 runs on h1", false);
        world.silence("h1");
        world.moment("h1 goes silent", false);
        assertThat(monitor.violations()).isEmpty();

        try {
            world.startVm("db1", "<domain/>", "h2");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        world.moment("a start of db1 on h2", true);

        assertThat(monitor.violations()).containsExactly(
                "START BEFORE FENCE: db1 started on h2 while its last host h1 is silent and not powered off",
                "TWO RUNNING COPIES: db1 runs on [h1, h2] after a start of db1 on h2");
    }
}
