package io.lifeboat.facts;

/** What to do when a VM fails on a live host (rgmanager's recovery policies). */
public enum Recovery {
    /** Restart on the same host; beyond maxRestarts within restartExpireTime, relocate. */
    RESTART,
    /** Start on another host. */
    RELOCATE,
    /** Restart on the same host; beyond maxRestarts within restartExpireTime, give up (RESTART_LIMIT). */
    RESTART_DISABLE,
    /** Do not restart (DISABLED). */
    DISABLE
}
