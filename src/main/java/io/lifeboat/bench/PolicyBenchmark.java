package io.lifeboat.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostObservation;
import io.lifeboat.facts.Vm;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.ManualClock;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.policy.PolicySources;

/**
 * The policy benchmarks, run from the packaged jar ({@code java -jar quarkus-run.jar bench}) so that they measure
 * what operators run: compiling and swapping the shipped policy under a session full of facts, and ingesting
 * heartbeats with the whole policy loaded. Wall-clock figures; run on an otherwise idle machine.
 */
public final class PolicyBenchmark {
    private static final int HOSTS = 200;
    private static final int VMS_PER_HOST = 20;
    private static final int COMPILE_ROUNDS = 5;
    private static final int EVENTS = Integer.getInteger("lifeboat.bench.events", 1_000_000);

    private PolicyBenchmark() {
    }

    public static int run(PrintStream out) {
        out.printf("machine: %d cores, max heap %d MiB, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        PolicyCompiler compiler = new PolicyCompiler();
        long start = System.nanoTime();
        CompiledPolicy policy = compiler.compile(PolicySources.shipped());
        out.printf("compile, cold: %d ms (%d rules)%n", millisSince(start), policy.ruleCount());
        PolicySession session = loaded(new PolicySession(policy, clock, "b"), clock);
        for (int round = 1; round <= COMPILE_ROUNDS; round++) {
            long t0 = System.nanoTime();
            CompiledPolicy fresh = compiler.compile(PolicySources.shipped());
            long compiled = millisSince(t0);
            long t1 = System.nanoTime();
            PolicySession next = session.successor(fresh);
            next.fire();
            session.close();
            session = next;
            out.printf("compile + swap, warm #%d: %d ms (compile %d ms, swap of %d facts %d ms)%n", round,
                    compiled + millisSince(t1), compiled, session.factCount(), millisSince(t1));
        }
        ingest(session, clock, out);
        session.close();
        return 0;
    }

    /** Heartbeats of every host, 5 s apart in session time, as fast as the session takes them. */
    private static void ingest(PolicySession session, ManualClock clock, PrintStream out) {
        System.gc();
        long heapBefore = usedHeap();
        long seq = 1_000_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            if (i % HOSTS == 0) {
                clock.advance(Duration.ofSeconds(5));
                session.fire();
            }
            session.insert(new Heartbeat("h" + (i % HOSTS), ++seq));
        }
        session.fire();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        out.printf("ingest: %d heartbeats in %.2f s = %.0f events/s; facts after: %d; heap %d -> %d MiB%n", EVENTS,
                seconds, EVENTS / seconds, session.factCount(), heapBefore >> 20, usedHeap() >> 20);
    }

    private static PolicySession loaded(PolicySession session, ManualClock clock) {
        session.insert(ClusterSettings.defaults("bench").withOvercommit(1.0, 4.0));
        List<String> running = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            String host = "h" + h;
            session.insert(Host.builder(host).cpus(64).memoryMiB(524288).storage(Set.of("san")).networks(Set.of("prod")).build());
            session.insert(new FenceDevice(host, 1, "fence_ipmilan"));
            running.clear();
            for (int v = 0; v < VMS_PER_HOST; v++) {
                String vm = "vm-" + h + "-" + v;
                session.insert(Vm.builder(vm).vcpus(2).memoryMiB(4096).ha(v % 2 == 0).storage(Set.of("san")).runningOn(host).build());
                running.add(vm);
            }
            session.insert(new HostObservation(host, Set.copyOf(running)));
            session.insert(new Heartbeat(host, h));
        }
        session.fire();
        return session;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
