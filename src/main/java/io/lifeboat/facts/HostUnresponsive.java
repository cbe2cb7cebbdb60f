package io.lifeboat.facts;

/**
 * A host missed its heartbeats for the heartbeat timeout.
 *
 * @param lastHeartbeatSeq the newest heartbeat seen before the silence: any later one means the host answers again
 * @param declaredAtMillis when it was declared (session time): the fencing grace counts from then
 * @param countedMillis    how much time since the declaration had passed when this fact was inserted (0 unless a
 *                         reload replayed it)
 */
public record HostUnresponsive(String host, long lastHeartbeatSeq, long declaredAtMillis, long countedMillis)
        implements Countdown {

    public HostUnresponsive(String host, long lastHeartbeatSeq, long declaredAtMillis) {
        this(host, lastHeartbeatSeq, declaredAtMillis, 0);
    }

    /** What is left of a grace of {@code graceMillis} counted from the declaration, from this fact's insertion. */
    public long remainingOf(long graceMillis) {
        return Math.max(0, graceMillis - countedMillis);
    }

    @Override
    public long countingSinceMillis() {
        return declaredAtMillis;
    }

    @Override
    public HostUnresponsive resumedAt(long nowMillis) {
        return new HostUnresponsive(host, lastHeartbeatSeq, declaredAtMillis, nowMillis - declaredAtMillis);
    }
}
