package io.lifeboat.actions;

import io.lifeboat.facts.Vm;

/**
 * Start a VM on a target host. {@code fromHost} is where it last ran (null if it was not running): the dispatcher
 * refuses the start unless that host is confirmed off.
 */
public final class StartVm extends Action {
    private final String vm;
    private final String target;
    private final String fromHost;
    private final long memoryMiB;
    private final int vcpus;

    private StartVm(Vm vm, String target, String fromHost, String reason) {
        super(reason);
        this.vm = vm.getName();
        this.target = target;
        this.fromHost = fromHost;
        this.memoryMiB = vm.getMemoryMiB();
        this.vcpus = vm.getVcpus();
    }

    /** Start a VM whose host was fenced: the dispatcher refuses it unless that host is confirmed off. */
    public static StartVm afterFence(Vm vm, String target, String reason) {
        return new StartVm(vm, target, vm.getHost(), reason);
    }

    /** Start a VM its hypervisor reported stopped (crashed, or never started): no fence to check. */
    public static StartVm ofStoppedVm(Vm vm, String target, String reason) {
        return new StartVm(vm, target, null, reason);
    }

    @Override public ActionType getType() { return ActionType.START_VM; }
    @Override public String getSubject() { return "vm/" + vm; }
    @Override public String getVm() { return vm; }
    public String getTarget() { return target; }
    public String getFromHost() { return fromHost; }
    /** The memory and vCPUs the start reserves on its target while in flight. */
    public long getMemoryMiB() { return memoryMiB; }
    public int getVcpus() { return vcpus; }
}
