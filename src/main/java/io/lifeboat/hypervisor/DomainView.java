package io.lifeboat.hypervisor;

/** One VM as a hypervisor reports it, with the definition needed to start it on another host. */
public record DomainView(String name, DomainState state, int vcpus, long memoryMiB, String definitionXml) {

    /** A copy of the VM is there, in any state but shut off (see {@link DomainState#present()}). */
    public boolean present() {
        return state.present();
    }
}
