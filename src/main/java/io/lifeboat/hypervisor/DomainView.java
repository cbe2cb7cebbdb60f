package io.lifeboat.hypervisor;

/** One VM as a hypervisor reports it, with the definition needed to start it on another host. */
public record DomainView(String name, boolean running, int vcpus, long memoryMiB, String definitionXml) {
}
