package io.lifeboat.hypervisor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;
import org.libvirt.event.StoppedDetail;

/**
 * Lifeboat's connections to the hosts' hypervisors, one per host. A host is kept from the moment it is configured,
 * connected or not: a host whose connection failed (at start, or later: libvirtd restarted, an ssh link dropped) is
 * reconnected by {@link #reconnectIfDue}, once the backoff since its last failed attempt is over. The backoff starts
 * at {@link Backoff#first()} and doubles after each failed attempt up to {@link Backoff#max()}. Every connection's
 * lifecycle events go to one {@link DomainLifecycle}.
 */
final class HostLinks implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostLinks.class);

    /** How long to wait before the next attempt to reconnect. */
    record Backoff(Duration first, Duration max) {
        Duration after(int failures) {
            Duration wait = first;
            for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(max) < 0 ? wait : max;
        }
    }

    /** One host's link; its fields change under its own lock. */
    private static final class Link {
        final String host;
        final String uri;
        Connect connect;
        LifecycleListener listener;
        int failures;
        /** Since when a connection is being opened (null when none is): nobody opens a second one meanwhile. */
        Instant openingSince;
        Instant nextAttempt = Instant.MIN;
        String lastError = "not connected yet";

        Link(String host, String uri, Instant openingSince) {
            this.host = host;
            this.uri = uri;
            this.openingSince = openingSince;
        }
    }

    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final Backoff backoff;
    private final Clock clock;
    private final Duration openWait;
    /** Opens connections for {@link #add}: a host that hangs keeps its own thread, never the caller's. */
    private final ExecutorService opener = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "lifeboat-connect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DomainLifecycle lifecycle = DomainLifecycle.NONE;

    /** @param openWait how long {@link #add} waits for a connection; one still opening then goes on in the background */
    HostLinks(Backoff backoff, Clock clock, Duration openWait) {
        this.backoff = backoff;
        this.clock = clock;
        this.openWait = openWait;
    }

    void listen(DomainLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Tells the listener that Lifeboat is about to stop a domain itself, so that its stop is not taken for a failure. */
    void stoppingByLifeboat(String host, String vm) {
        lifecycle.stopped(host, vm, DomainStop.BY_LIFEBOAT);
    }

    /** Lifeboat's stop of a domain failed: it may still run, so a stop of it is news again. */
    void stopFailed(String host, String vm) {
        lifecycle.started(host, vm);
    }

    /**
     * Configures a host and connects to it, waiting at most the open wait: a host that hangs (its libvirtd stopped, an
     * ssh link that never answers) must not hold up taking the cluster up. A host that cannot be reached is kept, and
     * retried; one still opening is connected when it answers.
     */
    void add(String host, String uri) throws HypervisorException {
        Link known = links.get(host);
        if (known != null && known.uri.equals(uri)) {
            return; // configured already (a replica leading again): kept as it is, and reconnected when it fails
        }
        Link link = new Link(host, uri, clock.instant()); // opening before anyone can see it: opened once
        Link previous = links.put(host, link);
        if (previous != null) {
            drop(previous);
        }
        Future<?> opened = opener.submit(() -> connect(link));
        try {
            opened.get(openWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HypervisorException("cannot connect to " + host + " at " + uri + ": no answer within "
                    + openWait.toMillis() + " ms (still trying)");
        } catch (ExecutionException e) {
            throw new HypervisorException("cannot connect to " + host + " at " + uri + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException("interrupted while connecting to " + host);
        }
        synchronized (link) {
            if (link.connect == null) {
                throw new HypervisorException("cannot connect to " + host + " at " + uri + ": " + link.lastError);
            }
        }
    }

    void remove(String host) {
        Link link = links.remove(host);
        if (link != null) {
            drop(link);
        }
    }

    Set<String> hosts() {
        return Set.copyOf(links.keySet());
    }

    /** The host's open connection; a host that is not connected now is unreachable. */
    Connect open(String host) throws HypervisorException {
        Link link = link(host);
        synchronized (link) {
            if (link.connect == null) {
                throw new HostUnreachableException(host, "not connected (" + link.lastError + ")");
            }
            return link.connect;
        }
    }

    /** Reconnects a host that is not connected, if its backoff is over; only the monitor calls it, once at a time. */
    void reconnectIfDue(String host) throws HypervisorException {
        Link link = link(host);
        synchronized (link) {
            Instant now = clock.instant();
            // An open that never returns (a host power-cycled under an ssh handshake) must not keep the host away for
            // ever: past the longest backoff another attempt starts; whichever answers first is kept.
            boolean stillOpening = link.openingSince != null && now.isBefore(link.openingSince.plus(backoff.max()));
            if (link.connect != null || stillOpening || now.isBefore(link.nextAttempt)) {
                return;
            }
            link.openingSince = now;
        }
        connect(link);
    }

    /**
     * A call on the host's connection failed. If the connection itself is dead it is dropped, and the next
     * {@link #reconnectIfDue} opens a new one at once; an error about one domain leaves it open.
     */
    void callFailed(String host, Connect connect) {
        Link link = links.get(host);
        if (link == null) {
            return;
        }
        if (alive(connect)) { // asked outside the link's lock: a call hung on the connection holds the connection's
            return;
        }
        synchronized (link) {
            if (link.connect != connect) {
                return;
            }
            LOG.warnf("host %s: the connection to %s was lost; reconnecting", host, link.uri);
            close(link);
            link.lastError = "the connection was lost";
            link.failures = 0;
            link.nextAttempt = Instant.MIN;
        }
    }

    private static boolean alive(Connect connect) {
        synchronized (connect) {
            try {
                return connect.isAlive();
            } catch (LibvirtException closedOrBroken) {
                return false;
            }
        }
    }

    /**
     * Opens a connection for the link, outside its lock: opening may take long (an ssh timeout), and nobody else
     * should wait for it. Without lifecycle events the connection is still used: the probes find every stop.
     */
    private void connect(Link link) {
        try {
            open(link);
        } finally {
            synchronized (link) {
                link.openingSince = null;
            }
        }
    }

    private void open(Link link) {
        Connect connect;
        try {
            connect = new Connect(link.uri);
        } catch (LibvirtException e) {
            synchronized (link) {
                link.failures++;
                link.lastError = e.getMessage();
                Duration wait = backoff.after(link.failures);
                link.nextAttempt = clock.instant().plus(wait);
                // Once at WARN, then quietly: a host that stays down must not flood the log.
                LOG.logf(link.failures == 1 ? Logger.Level.WARN : Logger.Level.DEBUG,
                        "host %s: cannot connect to %s (%s); next attempt in %d ms", link.host, link.uri,
                        e.getMessage(), wait.toMillis());
            }
            return;
        }
        LifecycleListener listener = (domain, event) -> {
            forward(link.host, domain, event.getType(), event.getDetail());
            return 0;
        };
        try {
            connect.addLifecycleListener(listener);
        } catch (LibvirtException e) {
            LOG.warnf("host %s: no lifecycle events (%s); the probes will find every stop", link.host, e.getMessage());
            listener = null;
        }
        synchronized (link) {
            if (links.get(link.host) == link && link.connect == null) {
                link.connect = connect;
                link.listener = listener;
                link.failures = 0;
                LOG.infof("host %s: connected to %s", link.host, link.uri);
                return;
            }
        }
        // The host was reconfigured or removed while this connection was opening.
        close(link.host, connect, listener);
    }

    /** Runs on libvirt's event thread: only the events that say a domain started or stopped are passed on. */
    private void forward(String host, Domain domain, DomainEventType type, Object detail) {
        try {
            if (type == DomainEventType.STARTED) {
                lifecycle.started(host, domain.getName());
            } else if (type == DomainEventType.STOPPED) {
                lifecycle.stopped(host, domain.getName(), DomainStop.of((StoppedDetail) detail));
            }
        } catch (LibvirtException e) {
            // The periodic inventory will tell what this event would have.
            LOG.debugf("host %s: an event without a domain name: %s", host, e.getMessage());
        } finally {
            // Released here, on the event thread, rather than by a finalizer at any time on any thread.
            freeQuietly(domain);
        }
    }

    private static void freeQuietly(Domain domain) {
        try {
            domain.free();
        } catch (LibvirtException e) {
            LOG.debugf("freeing an event's domain: %s", e.getMessage());
        }
    }

    private Link link(String host) throws HypervisorException {
        Link link = links.get(host);
        if (link == null) {
            throw new HypervisorException("no connection configured for host " + host);
        }
        return link;
    }

    private void drop(Link link) {
        synchronized (link) {
            close(link);
        }
    }

    /**
     * Forgets the link's connection (under the link's lock) and closes it on a thread of its own: a call hung on a host
     * that stopped answering holds the connection's lock, and whoever drops the link must not wait for it.
     */
    private void close(Link link) {
        Connect connect = link.connect;
        LifecycleListener listener = link.listener;
        link.connect = null;
        if (connect != null) {
            try {
                opener.execute(() -> close(link.host, connect, listener));
            } catch (RejectedExecutionException stopping) {
                LOG.debugf("host %s: not closing its connection, Lifeboat is stopping", link.host);
            }
        }
    }

    /** A dead connection may refuse both, which changes nothing. */
    private static void close(String host, Connect connect, LifecycleListener listener) {
        synchronized (connect) {
            try {
                if (listener != null) {
                    connect.removeLifecycleListener(listener);
                }
            } catch (LibvirtException e) {
                LOG.debugf("host %s: removing the lifecycle listener: %s", host, e.getMessage());
            }
            try {
                connect.close();
            } catch (LibvirtException e) {
                LOG.debugf("closing the connection to %s: %s", host, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        links.values().forEach(this::drop);
        links.clear();
        opener.shutdown(); // the closes just queued still run; an open still hanging keeps its daemon thread
    }
}
