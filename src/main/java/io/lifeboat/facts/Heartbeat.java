package io.lifeboat.facts;

/**
 * A sign of life from a host, from one source. Events are numbered by the loop in arrival order, so "newer" never
 * depends on two heartbeats landing in different milliseconds. A host is silent only when no source sent one.
 */
public record Heartbeat(String host, long seq, HeartbeatSource source) {

    /** The host's hypervisor answered (the live monitor's probe, or a simulated host). */
    public Heartbeat(String host, long seq) {
        this(host, seq, HeartbeatSource.LIBVIRT);
    }
}
