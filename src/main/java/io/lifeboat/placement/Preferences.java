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
}
