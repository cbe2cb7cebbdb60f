package io.lifeboat.policy;

import java.util.HashMap;
import java.util.Map;

import io.lifeboat.facts.HostMetrics;

/**
 * Keeps one {@link HostMetrics} fact per host in a session, live and in simulate alike. A reading replaces the host's
 * fact only when its load moved by {@link #STEP_PERCENT} or more: a host's load wanders a few points from one probe
 * to the next, and every replaced fact re-derives the host's weight and re-evaluates the rules joined to it, on every
 * probe of every host. Smaller moves than the step are noise to a preference anyway.
 * Used on the thread that owns the session; one instance per session (and its successors, which keep its facts).
 */
public final class MeasuredLoads {
    public static final int STEP_PERCENT = 5;
    private final Map<String, HostMetrics> stated = new HashMap<>();

    /** The host's newest reading: stated if it is the first or moved by a step since the one stated. */
    public void report(PolicySession session, HostMetrics reading) {
        HostMetrics previous = stated.get(reading.host());
        if (previous != null && Math.abs(reading.cpuLoadPercent() - previous.cpuLoadPercent()) < STEP_PERCENT) {
            return;
        }
        if (previous != null) {
            session.delete(previous);
        }
        session.insert(reading);
        stated.put(reading.host(), reading);
    }

    /** A host left the cluster: its load is no longer known. */
    public void forget(PolicySession session, String host) {
        HostMetrics previous = stated.remove(host);
        if (previous != null) {
            session.delete(previous);
        }
    }
}
