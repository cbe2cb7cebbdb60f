package io.lifeboat.service;

import java.util.concurrent.atomic.AtomicBoolean;

import io.lifeboat.metrics.ClusterCounts;
import io.lifeboat.metrics.LifeboatMetrics;
import io.lifeboat.policy.ClusterPicture;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Copies the live cluster picture into the metrics' gauges every {@code lifeboat.metrics.refresh}: a question queued
 * on the policy loop like any other, never waited for, and never more than one in flight, so that neither a scrape nor
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
        var loop = service.loop();
        if (loop.isEmpty()) {
            metrics.update(ClusterCounts.EMPTY);
            return;
        }
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        loop.get().query(session -> ClusterCounts.of(ClusterPicture.of(session)))
                .whenComplete((counts, failure) -> {
                    inFlight.set(false);
                    if (counts != null) {
                        metrics.update(counts);
                    }
                });
    }
}
