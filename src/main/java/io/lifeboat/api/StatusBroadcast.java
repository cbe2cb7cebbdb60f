package io.lifeboat.api;

import java.time.Duration;

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

    private Multi<StatusView> shared;

    /** Every status read from now on, one a second; a new listener's first is read for it at once. */
    public synchronized Multi<StatusView> follow() {
        if (shared == null) {
            shared = Multi.createFrom().ticks().every(EVERY)
                    .onOverflow().drop()
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(tick -> status.now(RECENT_ACTIONS))
                    .broadcast().withCancellationAfterLastSubscriberDeparture().toAllSubscribers();
        }
        Multi<StatusView> first = Multi.createFrom().item(() -> status.now(RECENT_ACTIONS))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return Multi.createBy().concatenating().streams(first, shared);
    }
}
