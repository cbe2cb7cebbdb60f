package io.lifeboat.facts;

/** What Lifeboat knows of a host's power and membership. */
public enum HostState {
    /** Answering heartbeats and eligible for VMs. */
    UP,
    /** Silent and not confirmed off: its VMs may still run. */
    DOWN,
    /** Confirmed powered off by a fence device: its VMs are certainly not running. */
    FENCED,
    /** Taken out of service by an operator. */
    MAINTENANCE
}
