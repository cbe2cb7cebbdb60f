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

    public StartVm(Vm vm, String target, String reason) {
        super(reason);
        this.vm = vm.getName();
        this.target = target;
        this.fromHost = vm.getHost();
        this.memoryMiB = vm.getMemoryMiB();
        this.vcpus = vm.getVcpus();
    }

    @Override public ActionType getType() { return ActionType.START_VM; }
    @Override public String getSubject() { return "vm/" + vm; }
    public String getVm() { return vm; }
    public String getTarget() { return target; }
    public String getFromHost() { return fromHost; }
    /** The memory and vCPUs the start reserves on its target while in flight. */
    public long getMemoryMiB() { return memoryMiB; }
    public int getVcpus() { return vcpus; }
}
