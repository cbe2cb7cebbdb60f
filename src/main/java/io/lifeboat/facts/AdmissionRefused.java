package io.lifeboat.facts;

/**
 * Stated by the placement rule: starting {@code vm} would leave the cluster less able to absorb hostFailuresToTolerate
 * failed hosts, and the start was not forced. It stands while the start request does.
 */
public record AdmissionRefused(String vm, String reason) {
}
