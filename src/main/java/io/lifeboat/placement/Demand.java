package io.lifeboat.placement;

import io.lifeboat.facts.Vm;

/**
 * A VM that needs a host, as batch placement sees it.
 *
 * @param antiAffinity its anti-affinity group, or null: two VMs of one group are never placed on one host
 */
public record Demand(String vm, long memoryMiB, int vcpus, int priority, String antiAffinity) {

    public static Demand of(Vm vm) {
        return new Demand(vm.getName(), vm.getMemoryMiB(), vm.getVcpus(), vm.getPriority(), vm.getAntiAffinity());
    }
}
