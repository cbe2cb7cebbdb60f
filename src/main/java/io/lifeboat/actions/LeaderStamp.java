package io.lifeboat.actions;

/**
 * Which leader decided an action: the replica, the cluster it led and the fencing token of its lease. The journal
 * refuses to record (and so the dispatcher to carry out) an action whose stamp no longer holds the lease: a leader
 * that was deposed while paused never acts on what it decided before.
 */
public record LeaderStamp(String cluster, String replica, long token) {
}
