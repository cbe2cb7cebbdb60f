package io.lifeboat.facts;

/** What Lifeboat believes of a VM; "blocked" is derived by the rules, see {@link VmBlocked}. */
public enum VmState {
    /** Running on its {@code host}, or believed to be while that host is not confirmed off. */
    RUNNING,
    /** Not meant to run. */
    STOPPED,
    /** Meant to run, and certainly not running: its last host was confirmed off. */
    DOWN
}
