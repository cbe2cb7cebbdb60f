package io.lifeboat.facts;

import java.util.Collection;

/**
 * A silent host is confirmed powered off, by a fence level's success or by an operator's acknowledgement.
 *
 * @param by what confirmed it ("fence level 1", "acknowledged by alice")
 * @param lastHeartbeatSeq the newest heartbeat seen before the confirmation: only a later one means the host was
 *        powered on again, an earlier one (a probe answered before the power went off) must not make it rejoin
 */
public record FenceConfirmed(String host, String by, long lastHeartbeatSeq) {

    /** Confirmed now: the silence's last heartbeat and every heartbeat seen since predate it. */
    public static FenceConfirmed now(String host, String by, HostUnresponsive silence, Collection<?> heartbeats) {
        long newest = silence.lastHeartbeatSeq();
        for (Object beat : heartbeats) {
            newest = Math.max(newest, ((Heartbeat) beat).seq());
        }
        return new FenceConfirmed(host, by, newest);
    }
}
