package io.lifeboat.placement;

/**
 * Which hosts a VM may use and which it prefers. Hosts are preferred by {@link #rank} first (an ordered failover
 * domain), then by {@link #score} (the operator's weights added up), then by the most free memory, then by name.
 */
public interface Preferences {

    /** Whether no eligibility rule excluded the host for the VM. */
    boolean allows(String vm, String host);

    /** Lower is preferred; 0 when the VM states no order. */
    int rank(String vm, String host);

    /** Higher is preferred; 0 when nothing weighs. */
    double score(String vm, String host);

    /**
     * Whether the VM may use every host, with no rank and no score on any: its hosts then need no asking one by one
     * (a failure played by the N+K check weighs thousands of VMs against a thousand hosts). False when unsure.
     */
    default boolean indifferent(String vm) {
        return false;
    }
}
