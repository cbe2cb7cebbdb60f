package io.lifeboat.hypervisor;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * What an administrator does to a host's hypervisor behind Lifeboat's back, as {@code virsh} would. A test-driver host
 * has no state outside Lifeboat's own connection, so this acts through it, without Lifeboat knowing.
 */
public final class Virsh {
    private Virsh() {
    }

    /** {@code virsh destroy}: the domain is killed at once. */
    public static void destroy(LibvirtDriver driver, String host, String vm) throws Exception {
        act(driver, host, vm, Domain::destroy);
    }

    /** {@code virsh shutdown}, or a shutdown from inside the guest: a clean stop. */
    public static void shutdown(LibvirtDriver driver, String host, String vm) throws Exception {
        act(driver, host, vm, Domain::shutdown);
    }

    /** {@code virsh suspend}: paused, still holding its disks. */
    public static void suspend(LibvirtDriver driver, String host, String vm) throws Exception {
        act(driver, host, vm, Domain::suspend);
    }

    /** {@code virsh start} of a defined domain. */
    public static void start(LibvirtDriver driver, String host, String vm) throws Exception {
        act(driver, host, vm, Domain::create);
    }

    /**
     * What a libvirtd restart (or a dropped ssh link) does to Lifeboat's connection: it is closed under it, and the
     * next call on it fails. A test-driver host comes back from its file: what was started since is gone.
     */
    public static void restartLibvirtd(LibvirtDriver driver, String host) throws Exception {
        Connect connect = driver.connection(host);
        synchronized (connect) {
            connect.close();
        }
    }

    private interface DomainCall {
        void call(Domain domain) throws LibvirtException;
    }

    private static void act(LibvirtDriver driver, String host, String vm, DomainCall call) throws Exception {
        Connect connect = driver.connection(host);
        synchronized (connect) {
            Domain domain = connect.domainLookupByName(vm);
            try {
                call.call(domain);
            } finally {
                domain.free();
            }
        }
    }
}
