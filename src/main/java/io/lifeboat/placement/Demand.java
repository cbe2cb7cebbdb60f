package io.lifeboat.placement;

/**
 * A VM that needs a host, as batch placement sees it.
 *
 * @param antiAffinity its anti-affinity group, or null: two VMs of one group are never placed on one host
 */
public record Demand(String vm, long memoryMiB, int vcpus, int priority, String antiAffinity) {
}
