package io.lifeboat.facts;

/**
 * A start of the VM was on its way when Lifeboat stopped: it may have happened, so where the VM runs is unknown until
 * a hypervisor shows it. Inserted when Lifeboat starts, from the journal.
 */
public record StartInterrupted(String vm) {
}
