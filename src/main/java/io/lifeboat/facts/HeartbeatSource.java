package io.lifeboat.facts;

/** Where a heartbeat came from: each is an independent sign that the host is alive. */
public enum HeartbeatSource {
    /** The host's hypervisor answered a probe through libvirt. */
    LIBVIRT,
    /** A host agent posted a heartbeat ({@code POST /api/v1/hosts/{name}/heartbeat}). */
    AGENT,
    /** Lifeboat began watching the host (it started, or the host joined): one heartbeat timeout to show it lives. */
    ASSUMED
}
