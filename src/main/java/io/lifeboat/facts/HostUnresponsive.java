package io.lifeboat.facts;

/**
 * A host missed its heartbeats for the heartbeat timeout.
 *
 * @param lastHeartbeatSeq the newest heartbeat seen before the silence: any later one means the host answers again
 */
public record HostUnresponsive(String host, long lastHeartbeatSeq) {
}
