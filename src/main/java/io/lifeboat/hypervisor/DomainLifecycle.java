package io.lifeboat.hypervisor;

/**
 * Hears what domains do between probes: libvirt's lifecycle events, and the stops Lifeboat makes itself. Called on
 * libvirt's event thread or on the thread of the action that stops a domain, so it must not block.
 */
public interface DomainLifecycle {

    /** Hears nothing. */
    DomainLifecycle NONE = new DomainLifecycle() {
        @Override
        public void started(String host, String vm) {
        }

        @Override
        public void stopped(String host, String vm, DomainStop how) {
        }
    };

    /** The domain started on the host (booted, restored, or arrived by migration). */
    void started(String host, String vm);

    /** The domain stopped on the host. */
    void stopped(String host, String vm, DomainStop how);
}
