package io.lifeboat.service;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lifeboat.metrics.ClusterCounts;
import io.lifeboat.metrics.LifeboatMetrics;
import io.lifeboat.policy.ClusterPicture;
import io.lifeboat.policy.PolicyLoop;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Copies the live cluster pictures into the metrics' gauges every {@code lifeboat.metrics.refresh}, added up over the
 * clusters this Lifeboat manages: a question queued on each policy loop like any other, never waited for, and never more than one in flight, so that neither a scrape nor
 * this scheduler can be held up by a busy loop.
 */
@ApplicationScoped
class GaugeRefresh {
    @Inject
    LifeboatService service;
    @Inject
    LifeboatMetrics metrics;

    private final AtomicBoolean inFlight = new AtomicBoolean();

    @Scheduled(every = "${lifeboat.metrics.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        List<PolicyLoop> loops = service.managedClusters().stream().map(service::loop).flatMap(Optional::stream).toList();
        if (loops.isEmpty()) {
            metrics.update(ClusterCounts.EMPTY);
            return;
        }
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<ClusterCounts>> counted = loops.stream()
                .map(loop -> loop.query(session -> ClusterCounts.of(ClusterPicture.of(session)))).toList();
        CompletableFuture.allOf(counted.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            inFlight.set(false);
            if (failure == null) {
                metrics.update(counted.stream().map(CompletableFuture::join)
                        .reduce(ClusterCounts.EMPTY, ClusterCounts::plus));
            }
        });
    }
}
