package io.lifeboat.facts;

/**
 * A preference an operator's rule states: placing {@code vm} on {@code host} is worth {@code score} (negative: to
 * avoid). Placement adds up every weight for a VM and host and prefers the highest sum among the hosts with room, after
 * the VM's ordered failover domain. A preference, never a constraint: to forbid a host, derive {@link Ineligible}.
 * A weight with no {@code vm} counts for every VM ({@link #forEveryVm}): one fact per host, however many VMs there are.
 */
public record Weight(String vm, String host, double score, String reason) {

    /** A weight of the host itself (its measured load, its free vCPUs), the same whichever VM is placed. */
    public static Weight forEveryVm(String host, double score, String reason) {
        return new Weight(null, host, score, reason);
    }
}
