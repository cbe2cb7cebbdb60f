package io.lifeboat.monitor;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.lifeboat.hypervisor.HypervisorException;

/**
 * Probes hosts in parallel so that one slow or hung host never delays another's heartbeat. Each host has at most one
 * probe in flight (a host whose previous probe has not returned is silent this round), so the pool never needs more
 * threads than there are hosts, and is bounded by that. An answer that comes later than the probe timeout is dropped:
 * that round the host was silent. A hung native call cannot be interrupted; it keeps its thread until it returns.
 *
 * @param <T> what a probe returns
 */
final class ParallelProbes<T> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ParallelProbes.class);

    /** One host's probe; it may block, and may throw when the host does not answer. */
    @FunctionalInterface
    interface Probe<T> {
        T probe(String host) throws HypervisorException;
    }

    private final Probe<T> probe;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor pool;

    /** @param nanoTime measures how long a probe took ({@code System::nanoTime}; tests pass their own) */
    ParallelProbes(Probe<T> probe, Duration timeout, LongSupplier nanoTime) {
        this.probe = probe;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "lifeboat-probe-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts a probe of every host that has none in flight; each answer in time goes to {@code answered}, on its
     * probe's thread. The result completes once every probe started has returned (a hung one keeps it pending).
     */
    CompletableFuture<Void> round(Collection<String> hosts, BiConsumer<String, T> answered) {
        return CompletableFuture.allOf(start(hosts).entrySet().stream()
                .map(e -> e.getValue().thenAccept(a -> a.ifPresent(t -> deliver(answered, e.getKey(), t))))
                .toArray(CompletableFuture[]::new));
    }

    /** Probes the hosts and waits for them, at most the probe timeout: the answers that came in time. */
    Map<String, T> all(Collection<String> hosts) {
        Map<String, T> answers = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, CompletableFuture<Optional<T>>> probing : start(hosts).entrySet()) {
            try {
                probing.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .ifPresent(t -> answers.put(probing.getKey(), t));
            } catch (TimeoutException | ExecutionException silent) {
                LOG.debugf("no answer from %s within %d ms", probing.getKey(), timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return answers;
    }

    private static <T> void deliver(BiConsumer<String, T> answered, String host, T answer) {
        try {
            answered.accept(host, answer);
        } catch (RuntimeException e) {
            // Never silent: an answer that got lost here would look like a dead host.
            LOG.errorf(e, "the answer of %s could not be passed on", host);
        }
    }

    private Map<String, CompletableFuture<Optional<T>>> start(Collection<String> hosts) {
        resize(hosts.size());
        Map<String, CompletableFuture<Optional<T>>> started = new HashMap<>();
        for (String host : hosts) {
            if (inFlight.add(host)) {
                long asked = nanoTime.getAsLong();
                started.put(host, CompletableFuture.supplyAsync(() -> probeInTime(host, asked), pool));
            } else {
                LOG.debugf("the previous probe of %s has not returned: a silent round", host);
            }
        }
        return started;
    }

    /** The probe's answer if it came within the timeout of {@code asked}, when the round asked for it. */
    private Optional<T> probeInTime(String host, long asked) {
        try {
            T answer = probe.probe(host);
            long took = nanoTime.getAsLong() - asked;
            if (took > timeout.toNanos()) {
                LOG.warnf("%s answered after %d ms, more than the probe timeout: counted as silent",
                        host, TimeUnit.NANOSECONDS.toMillis(took));
                return Optional.empty();
            }
            return Optional.of(answer);
        } catch (HypervisorException e) {
            LOG.debugf("no heartbeat from %s: %s", host, e.getMessage());
            return Optional.empty();
        } finally {
            inFlight.remove(host);
        }
    }

    /** One thread per host at most: grows and shrinks with the cluster. */
    private synchronized void resize(int hosts) {
        int size = Math.max(1, hosts);
        if (size > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(size);
            pool.setCorePoolSize(size);
        } else if (size < pool.getMaximumPoolSize()) {
            pool.setCorePoolSize(size);
            pool.setMaximumPoolSize(size);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
