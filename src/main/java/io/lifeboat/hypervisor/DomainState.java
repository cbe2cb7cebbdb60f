package io.lifeboat.hypervisor;

import org.libvirt.DomainInfo;

/**
 * A domain's state as libvirt reports it. Only SHUT_OFF means "not there": a paused, blocked, shutting-down or
 * crashed-but-kept domain still holds its disks, so for "is it running somewhere?" it counts as a running copy.
 */
public enum DomainState {
    NO_STATE, RUNNING, BLOCKED, PAUSED, SHUTTING_DOWN, SHUT_OFF, CRASHED, PM_SUSPENDED;

    /** Any state but shut off: a copy of the VM is there. */
    public boolean present() {
        return this != SHUT_OFF;
    }

    /** Its vCPUs run, so its CPU time counts as load: running, or blocked on I/O between runs. */
    public boolean usesCpu() {
        return this == RUNNING || this == BLOCKED;
    }

    static DomainState of(DomainInfo.DomainState libvirt) {
        return switch (libvirt) {
            case VIR_DOMAIN_NOSTATE -> NO_STATE;
            case VIR_DOMAIN_RUNNING -> RUNNING;
            case VIR_DOMAIN_BLOCKED -> BLOCKED;
            case VIR_DOMAIN_PAUSED -> PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> SHUT_OFF;
            case VIR_DOMAIN_CRASHED -> CRASHED;
            case VIR_DOMAIN_PMSUSPENDED -> PM_SUSPENDED;
        };
    }
}
