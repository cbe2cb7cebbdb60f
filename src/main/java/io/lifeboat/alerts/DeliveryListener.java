package io.lifeboat.alerts;

/** Told of every delivery as it ends (the metrics count them); called from the agents' threads. */
@FunctionalInterface
public interface DeliveryListener {
    DeliveryListener NONE = (kind, outcome) -> { };

    void delivered(AlertKind kind, DeliveryOutcome outcome);
}
