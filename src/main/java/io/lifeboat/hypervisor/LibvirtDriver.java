package io.lifeboat.hypervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;

/**
 * The libvirt-java driver: one long-lived connection per host (a test-driver file URI keeps its state only as long
 * as its connection lives). Calls on one connection are serialised, and {@link #sever} models a host Lifeboat can
 * no longer reach while its hypervisor goes on running.
 */
public class LibvirtDriver implements HypervisorDriver, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LibvirtDriver.class);
    private static final int ACTIVE_DOMAINS = 1;
    private static final int INACTIVE_DOMAINS = 2;
    // virDomainMigrateFlags
    private static final long MIGRATE_LIVE = 1;
    private static final long MIGRATE_PERSIST_DEST = 8;
    private static final long MIGRATE_UNDEFINE_SOURCE = 16;

    /** How often a graceful stop checks whether the guest is down. */
    private static final Duration STOP_POLL = Duration.ofMillis(200);

    private final Map<String, Connect> connections = new ConcurrentHashMap<>();
    private final Set<String> severed = ConcurrentHashMap.newKeySet();

    static {
        try {
            // libvirt prints every error to stderr otherwise; errors reach us as exceptions anyway.
            Connect.setErrorCallback(new ErrorCallback());
        } catch (LibvirtException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Opens the connection to a host, e.g. {@code qemu+ssh://h1/system} or {@code test:///abs/path/h1.xml}. */
    public void connect(String host, String uri) throws HypervisorException {
        try {
            Connect previous = connections.put(host, new Connect(uri));
            if (previous != null) {
                previous.close();
            }
        } catch (LibvirtException e) {
            throw new HypervisorException("cannot connect to " + host + " at " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Closes the connection to a host that left the cluster; it is no longer probed. */
    public void disconnect(String host) {
        Connect connect = connections.remove(host);
        severed.remove(host);
        if (connect != null) {
            synchronized (connect) {
                try {
                    connect.close();
                } catch (LibvirtException e) {
                    LOG.warnf("closing the connection to %s: %s", host, e.getMessage());
                }
            }
        }
    }

    /** Cuts Lifeboat's link to a host (the demo's "the host hangs"); the host itself keeps its state. */
    public void sever(String host) {
        severed.add(host);
    }

    public void restore(String host) {
        severed.remove(host);
    }

    @Override
    public Set<String> hosts() {
        return Set.copyOf(connections.keySet());
    }

    @Override
    public HostInventory probe(String host) throws HypervisorException {
        return inventory(host, reachable(host));
    }

    /**
     * What a host runs even while Lifeboat's link to it is severed: only the demo uses it, to show the truth of its
     * simulated hosts next to what Lifeboat believes.
     */
    public HostInventory probeIgnoringSever(String host) throws HypervisorException {
        return inventory(host, connection(host));
    }

    private HostInventory inventory(String host, Connect connect) throws HypervisorException {
        synchronized (connect) {
            try {
                NodeInfo node = connect.nodeInfo();
                List<DomainView> domains = new ArrayList<>();
                for (Domain domain : connect.listAllDomains(ACTIVE_DOMAINS | INACTIVE_DOMAINS)) {
                    try {
                        DomainInfo info = domain.getInfo();
                        domains.add(new DomainView(domain.getName(),
                                info.state == DomainInfo.DomainState.VIR_DOMAIN_RUNNING,
                                info.nrVirtCpu, info.maxMem / 1024, domain.getXMLDesc(0)));
                    } finally {
                        domain.free();
                    }
                }
                return new HostInventory(host, node.cpus, node.memory / 1024, List.copyOf(domains));
            } catch (LibvirtException e) {
                throw new HostUnreachableException(host, e.getMessage());
            }
        }
    }

    @Override
    public void startVm(String vm, String definitionXml, String host) throws HypervisorException {
        Connect connect = reachable(host);
        synchronized (connect) {
            try {
                Domain domain = lookup(connect, vm);
                if (domain == null) {
                    // Same definition, same uuid: it is the same VM, on storage every host reaches.
                    domain = connect.domainDefineXML(definitionXml);
                }
                try {
                    if (domain.isActive() == 1) {
                        throw new HypervisorException(vm + " already runs on " + host);
                    }
                    domain.create();
                } finally {
                    domain.free();
                }
                LOG.infof("started %s on %s", vm, host);
            } catch (LibvirtException e) {
                throw new HypervisorException("cannot start " + vm + " on " + host + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Live migration for real hypervisors. libvirt's test driver cannot migrate, so on a {@code test://} pair the
     * VM is relocated cold (stopped on the source, then started on the target): still never two running copies.
     */
    @Override
    public void migrateVm(String vm, String from, String to) throws HypervisorException {
        Connect source = reachable(from);
        Connect target = reachable(to);
        if (isTestDriver(source)) {
            relocateCold(vm, source, from, to);
        } else {
            liveMigrate(vm, source, target, from, to);
        }
    }

    private void relocateCold(String vm, Connect source, String from, String to) throws HypervisorException {
        String xml;
        synchronized (source) {
            try {
                Domain domain = source.domainLookupByName(vm);
                try {
                    xml = domain.getXMLDesc(0);
                    domain.destroy();
                } finally {
                    domain.free();
                }
            } catch (LibvirtException e) {
                throw new HypervisorException("cannot move " + vm + " off " + from + ": " + e.getMessage(), e);
            }
        }
        startVm(vm, xml, to);
    }

    private void liveMigrate(String vm, Connect source, Connect target, String from, String to)
            throws HypervisorException {
        synchronized (source) {
            try {
                Domain domain = source.domainLookupByName(vm);
                try {
                    Domain moved = domain.migrate(target, MIGRATE_LIVE | MIGRATE_PERSIST_DEST | MIGRATE_UNDEFINE_SOURCE,
                            null, null, 0);
                    moved.free();
                } finally {
                    domain.free();
                }
            } catch (LibvirtException e) {
                throw new HypervisorException("cannot migrate " + vm + " from " + from + " to " + to + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static boolean isTestDriver(Connect connect) throws HypervisorException {
        synchronized (connect) {
            try {
                return connect.getURI().startsWith("test:");
            } catch (LibvirtException e) {
                throw new HypervisorException("cannot read a connection's URI: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean stopVm(String vm, String host, Duration graceful) throws HypervisorException {
        Connect connect = reachable(host);
        Instant deadline = Instant.now().plus(graceful);
        try {
            if (!graceful.isZero() && call(connect, vm, Domain::shutdown)) {
                // The guest shuts itself down; the connection is not held while waiting for it.
                while (Instant.now().isBefore(deadline) && isActive(connect, vm)) {
                    Thread.sleep(STOP_POLL.toMillis());
                }
            }
            return isActive(connect, vm) && call(connect, vm, Domain::destroy);
        } catch (LibvirtException e) {
            throw new HypervisorException("cannot stop " + vm + " on " + host + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException("interrupted while stopping " + vm + " on " + host, e);
        }
    }

    private interface DomainCall {
        void apply(Domain domain) throws LibvirtException;
    }

    /** Runs {@code call} on the VM's active domain; false when it is not running there. */
    private boolean call(Connect connect, String vm, DomainCall call) throws LibvirtException {
        synchronized (connect) {
            Domain domain = lookup(connect, vm);
            if (domain == null) {
                return false;
            }
            try {
                if (domain.isActive() != 1) {
                    return false;
                }
                call.apply(domain);
                return true;
            } finally {
                domain.free();
            }
        }
    }

    private boolean isActive(Connect connect, String vm) throws LibvirtException {
        return call(connect, vm, domain -> {
        });
    }

    @Override
    public void destroyAllDomains(String host) throws HypervisorException {
        Connect connect = connection(host);
        synchronized (connect) {
            try {
                for (Domain domain : connect.listAllDomains(ACTIVE_DOMAINS)) {
                    try {
                        domain.destroy();
                    } finally {
                        domain.free();
                    }
                }
            } catch (LibvirtException e) {
                throw new HypervisorException("cannot stop the domains of " + host + ": " + e.getMessage(), e);
            }
        }
    }

    private Connect reachable(String host) throws HypervisorException {
        if (severed.contains(host)) {
            throw new HostUnreachableException(host, "link severed");
        }
        return connection(host);
    }

    private Connect connection(String host) throws HypervisorException {
        Connect connect = connections.get(host);
        if (connect == null) {
            throw new HypervisorException("no connection configured for host " + host);
        }
        return connect;
    }

    private static Domain lookup(Connect connect, String vm) {
        try {
            return connect.domainLookupByName(vm);
        } catch (LibvirtException notDefined) {
            return null;
        }
    }

    @Override
    public void close() {
        connections.forEach((host, connect) -> {
            synchronized (connect) {
                try {
                    connect.close();
                } catch (LibvirtException e) {
                    LOG.warnf("closing the connection to %s: %s", host, e.getMessage());
                }
            }
        });
        connections.clear();
    }
}
