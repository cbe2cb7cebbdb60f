package io.lifeboat.facts;

/**
 * A preference an operator's rule states: placing {@code vm} on {@code host} is worth {@code score} (negative: to
 * avoid). Placement adds up every weight for a VM and host and prefers the highest sum among the hosts with room, after
 * the VM's ordered failover domain. A preference, never a constraint: to forbid a host, derive {@link Ineligible}.
 */
public record Weight(String vm, String host, double score, String reason) {
}
