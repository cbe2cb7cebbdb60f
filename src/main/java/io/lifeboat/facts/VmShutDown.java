package io.lifeboat.facts;

/**
 * The hypervisor saw a VM stop cleanly on a live host, at epoch millisecond {@code at}: shut down from inside its guest
 * (or by an ACPI shutdown request), saved, or reverted to a snapshot; {@code how} says which.
 */
public record VmShutDown(String vm, String host, long at, String how) {
}
