package io.lifeboat.hypervisor;

import java.util.Optional;
import java.util.Set;

/** The hypervisor plugin: what Lifeboat needs of a host's virtualisation layer. */
public interface HypervisorDriver {

    /** Hosts this driver has a connection for. */
    Set<String> hosts();

    /** Asks a host for its resources and domains; answering at all is the host's heartbeat. */
    HostInventory probe(String host) throws HypervisorException;

    /**
     * The state of the VM's copy on a host, if one is present (any state but shut off): what the check before a start
     * asks of every host. A driver answers it without listing every domain where it can; a host that cannot be
     * asked throws, it never answers "no copy".
     */
    default Optional<DomainState> copyOf(String host, String vm) throws HypervisorException {
        return probe(host).copyOf(vm);
    }

    /**
     * Starts a VM on a host from its definition, defining it there first when the host does not know it (on shared
     * storage the definition is all a host needs). Fails if the VM already runs there.
     */
    void startVm(String vm, String definitionXml, String host) throws HypervisorException;

    /** Moves a running VM from one host to another; it runs on exactly one of them at every moment. */
    void migrateVm(String vm, String from, String to) throws HypervisorException;

    /**
     * Stops a VM's domain on one host: a shutdown request, then destroyed when it still runs after {@code graceful}
     * (at once when zero). A VM that does not run there is left alone.
     *
     * @return whether it had to be destroyed
     */
    boolean stopVm(String vm, String host, java.time.Duration graceful) throws HypervisorException;

    /** Stops every running domain of a host at once: what powering the host off does to them. */
    void destroyAllDomains(String host) throws HypervisorException;
}
