package io.lifeboat.hypervisor;

/**
 * One VM as a hypervisor reports it, with the definition needed to start it on another host.
 *
 * @param cpuTimeNanos the CPU time the domain has used since it started (libvirt's {@code virDomainInfo.cpuTime})
 */
public record DomainView(String name, DomainState state, int vcpus, long memoryMiB, String definitionXml,
                         long cpuTimeNanos) {

    /** A copy of the VM is there, in any state but shut off (see {@link DomainState#present()}). */
    public boolean present() {
        return state.present();
    }
}
