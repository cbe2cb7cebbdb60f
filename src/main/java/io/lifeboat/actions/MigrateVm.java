package io.lifeboat.actions;

import io.lifeboat.facts.Vm;

/** Live-migrate a running VM from its host to a target (maintenance evacuation). */
public final class MigrateVm extends Action {
    private final String vm;
    private final String from;
    private final String target;
    private final long memoryMiB;
    private final int vcpus;

    public MigrateVm(Vm vm, String target, String reason) {
        super(reason);
        this.vm = vm.getName();
        this.from = vm.getHost();
        this.target = target;
        this.memoryMiB = vm.getMemoryMiB();
        this.vcpus = vm.getVcpus();
    }

    @Override public ActionType getType() { return ActionType.MIGRATE_VM; }
    @Override public String getSubject() { return "vm/" + vm; }
    @Override public String getVm() { return vm; }
    public String getFrom() { return from; }
    public String getTarget() { return target; }
    public long getMemoryMiB() { return memoryMiB; }
    public int getVcpus() { return vcpus; }
}
