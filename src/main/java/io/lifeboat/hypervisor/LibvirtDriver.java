package io.lifeboat.hypervisor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;

/**
 * The libvirt-java driver: one long-lived connection per host (a test-driver file URI keeps its state only as long
 * as its connection lives), reopened with backoff when it is lost (see {@link HostLinks}). Calls on one connection
 * are serialised, and {@link #sever} models a host Lifeboat can no longer reach while its hypervisor goes on running.
 */
public class LibvirtDriver implements HypervisorDriver, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LibvirtDriver.class);
    private static final int ACTIVE_DOMAINS = 1;
    private static final int INACTIVE_DOMAINS = 2;
    // virDomainMigrateFlags
    private static final long MIGRATE_LIVE = 1;
    private static final long MIGRATE_PERSIST_DEST = 8;
    private static final long MIGRATE_UNDEFINE_SOURCE = 16;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** A host whose libvirt does not answer within this is configured unconnected, and connected once it answers. */
    private static final Duration OPEN_WAIT = Duration.ofSeconds(5);

    /** How often a graceful stop checks whether the guest is down. */
    private static final Duration STOP_POLL = Duration.ofMillis(200);

    /**
     * libvirt keeps only a native pointer to its error callback: JNA frees that trampoline once the Java object is
     * garbage, and the next libvirt error (a lookup of a domain not defined yet) then jumps into freed memory and
     * crashes the JVM. Held here for the life of the class.
     */
    private static final ErrorCallback QUIET_ERRORS = new ErrorCallback();

    private final HostLinks links;
    private final Set<String> severed = ConcurrentHashMap.newKeySet();

    static {
        try {
            // libvirt prints every error to stderr otherwise; errors reach us as exceptions anyway.
            Connect.setErrorCallback(QUIET_ERRORS);
            LibvirtEventLoop.ensureStarted();
        } catch (LibvirtException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A driver that reconnects after 1 s, then at most every 10 s, on the system clock. */
    public LibvirtDriver() {
        this(FIRST_BACKOFF, MAX_BACKOFF, Clock.systemUTC());
    }

    /**
     * @param firstBackoff how long after a failed connection attempt the next one may be made
     * @param maxBackoff   the backoff doubles after each failed attempt up to this
     */
    public LibvirtDriver(Duration firstBackoff, Duration maxBackoff, Clock clock) {
        this(firstBackoff, maxBackoff, clock, OPEN_WAIT);
    }

    /** @param openWait how long configuring a host waits for its connection (it goes on opening in the background) */
    public LibvirtDriver(Duration firstBackoff, Duration maxBackoff, Clock clock, Duration openWait) {
        this.links = new HostLinks(new HostLinks.Backoff(firstBackoff, maxBackoff), clock, openWait);
    }

    /** Where lifecycle events of every host go, and the stops Lifeboat makes itself. */
    public void listen(DomainLifecycle lifecycle) {
        links.listen(lifecycle);
    }

    /**
     * Configures a host, e.g. {@code qemu+ssh://h1/system} or {@code test:///abs/path/h1.xml}, and connects to it.
     * A host that cannot be reached now is kept and reconnected later by {@link #reconnectIfDue}.
     */
    public void connect(String host, String uri) throws HypervisorException {
        links.add(host, uri);
    }

    /** Reconnects a host whose connection failed or was lost, once its backoff is over. */
    public void reconnectIfDue(String host) throws HypervisorException {
        links.reconnectIfDue(host);
    }

    /** Closes the connection to a host that left the cluster; it is no longer probed. */
    public void disconnect(String host) {
        links.remove(host);
        severed.remove(host);
    }

    /** The host's connection, for tests that act on a hypervisor the way virsh would: behind Lifeboat's back. */
    Connect connection(String host) throws HypervisorException {
        return links.open(host);
    }

    /** Cuts Lifeboat's link to a host (the demo's "the host hangs"); the host itself keeps its state. */
    public void sever(String host) {
        severed.add(host);
    }

    public void restore(String host) {
        severed.remove(host);
    }

    /** Every configured host, connected or not. */
    @Override
    public Set<String> hosts() {
        return links.hosts();
    }

    @Override
    public HostInventory probe(String host) throws HypervisorException {
        return inventory(host, reachable(host));
    }

    /** One lookup by name instead of the host's whole listing; "no such domain" is the only answer that means none. */
    @Override
    public Optional<DomainState> copyOf(String host, String vm) throws HypervisorException {
        Connect connect = reachable(host);
        try {
            synchronized (connect) {
                Domain domain;
                try {
                    domain = connect.domainLookupByName(vm);
                } catch (LibvirtException e) {
                    if (e.getError().getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
                        return Optional.empty();
                    }
                    throw e;
                }
                try {
                    DomainState state = DomainState.of(domain.getInfo().state);
                    return state.present() ? Optional.of(state) : Optional.empty();
                } finally {
                    domain.free();
                }
            }
        } catch (LibvirtException e) {
            links.callFailed(host, connect);
            throw new HostUnreachableException(host, e.getMessage());
        }
    }

    /**
     * What a host runs even while Lifeboat's link to it is severed: only the demo uses it, to show the truth of its
     * simulated hosts next to what Lifeboat believes.
     */
    public HostInventory probeIgnoringSever(String host) throws HypervisorException {
        return inventory(host, links.open(host));
    }

    private HostInventory inventory(String host, Connect connect) throws HypervisorException {
        try {
            return listDomains(host, connect);
        } catch (LibvirtException e) {
            // Outside the connection's lock: dropping a dead connection takes the host's lock, then the connection's.
            links.callFailed(host, connect);
            throw new HostUnreachableException(host, e.getMessage());
        }
    }

    private static HostInventory listDomains(String host, Connect connect) throws LibvirtException {
        synchronized (connect) {
            NodeInfo node = connect.nodeInfo();
            List<DomainView> domains = new ArrayList<>();
            for (Domain domain : connect.listAllDomains(ACTIVE_DOMAINS | INACTIVE_DOMAINS)) {
                try {
                    DomainInfo info = domain.getInfo();
                    domains.add(new DomainView(domain.getName(), DomainState.of(info.state),
                            info.nrVirtCpu, info.maxMem / 1024, domain.getXMLDesc(0), info.cpuTime));
                } finally {
                    domain.free();
                }
            }
            return new HostInventory(host, node.cpus, node.memory / 1024, List.copyOf(domains));
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
                    links.stoppingByLifeboat(from, vm);
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
        // Lifeboat's own stop: not to be reported back as the VM's crash or shutdown.
        links.stoppingByLifeboat(host, vm);
        try {
            if (!graceful.isZero() && call(connect, vm, Domain::shutdown)) {
                // The guest shuts itself down; the connection is not held while waiting for it.
                while (Instant.now().isBefore(deadline) && isActive(connect, vm)) {
                    Thread.sleep(STOP_POLL.toMillis());
                }
            }
            return isActive(connect, vm) && call(connect, vm, Domain::destroy);
        } catch (LibvirtException e) {
            links.stopFailed(host, vm);
            throw new HypervisorException("cannot stop " + vm + " on " + host + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            links.stopFailed(host, vm);
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
        Connect connect = links.open(host);
        synchronized (connect) {
            try {
                for (Domain domain : connect.listAllDomains(ACTIVE_DOMAINS)) {
                    try {
                        links.stoppingByLifeboat(host, domain.getName());
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
        return links.open(host);
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
        links.close();
    }
}
