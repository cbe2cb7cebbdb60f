package io.lifeboat.facts;

/** The hypervisor saw a VM die on a live host (so it is certainly not running there), at epoch millisecond {@code at}. */
public record VmCrashed(String vm, String host, long at) {
}
