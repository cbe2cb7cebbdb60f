package io.lifeboat.facts;

/** Stable codes for why a VM that should run does not (public API: see policy-docs). */
public enum BlockedReason {
    NOT_FENCED, NO_CAPACITY, NO_ELIGIBLE_HOST, RESTART_LIMIT, DISABLED, FENCING_SUSPENDED, RESERVED_FOR_FAILOVER
}
