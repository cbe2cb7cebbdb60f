package io.lifeboat.alerts;

/** How one alert reached one agent (and recipient); NO_AGENT when no agent is configured: the log is all there is. */
public enum DeliveryOutcome {
    DELIVERED, FAILED, TIMED_OUT, NO_AGENT
}
