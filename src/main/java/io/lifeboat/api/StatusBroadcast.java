package io.lifeboat.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The status the dashboards follow, read once a second for all of them while at least one listens (and not at all
 * otherwise): reading it takes the policy loop's thread, so ten open dashboards must cost what one does.
 */
@ApplicationScoped
public class StatusBroadcast {
    private static final Duration EVERY = Duration.ofSeconds(1);
    static final int RECENT_ACTIONS = 20;

    @Inject
    ClusterStatus status;

    /** One stream per cluster followed ("" while the deployment has none). */
    private final Map<String, Multi<StatusView>> shared = new HashMap<>();

    /** Every status of the cluster read from now on, one a second; a new listener's first is read for it at once. */
    public synchronized Multi<StatusView> follow(String cluster) {
        Multi<StatusView> stream = shared.computeIfAbsent(cluster == null ? "" : cluster, c -> Multi.createFrom().ticks()
                .every(EVERY)
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> status.now(cluster, RECENT_ACTIONS))
                .broadcast().withCancellationAfterLastSubscriberDeparture().toAllSubscribers());
        Multi<StatusView> first = Multi.createFrom().item(() -> status.now(cluster, RECENT_ACTIONS))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return Multi.createBy().concatenating().streams(first, stream);
    }
}
