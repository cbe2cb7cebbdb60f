package io.lifeboat.hypervisor;

/** Lifeboat cannot talk to a host's hypervisor. Says nothing about whether its VMs still run. */
public class HostUnreachableException extends HypervisorException {
    public HostUnreachableException(String host, String why) {
        super(host + " is unreachable: " + why);
    }
}
