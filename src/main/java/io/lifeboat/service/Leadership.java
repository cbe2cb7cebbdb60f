package io.lifeboat.service;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.lifeboat.actions.LeaderStamp;
import io.lifeboat.config.LifeboatConfig;
import io.lifeboat.store.ClusterStore;
import io.lifeboat.store.LeaseStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Which replica leads the cluster (lifeboat.leadership): every third of the lease's time each replica tries to take
 * or renew the lease. The one that holds it manages the cluster, its actions stamped with the lease's token; the
 * others stand by. A leader that loses the lease, or cannot renew it for two thirds of its time (the database out of
 * reach), stands down before the lease can end, so that it never acts once another may lead. Taking over is a start:
 * the session is rebuilt from the store, the startup grace holds fencing back, and actions the journal holds open
 * are reconciled with what the hypervisors report, never repeated.
 */
@ApplicationScoped
public class Leadership {
    private static final Logger LOG = Logger.getLogger(Leadership.class);

    @Inject
    LifeboatConfig config;
    @Inject
    LeaseStore leases;
    @Inject
    ClusterStore store;
    @Inject
    LifeboatService service;

    private String replica;
    /** Renewals, and the watchdog, on threads of their own: taking the cluster up (connecting to every host) may be slow. */
    private ScheduledExecutorService renewals;
    private ScheduledExecutorService takeovers;
    private volatile LeaderStamp held;
    /** The token being taken up, while the cluster's session is being built. */
    private volatile Long pending;
    /** When the newest successful renewal started: the lease ends at most a TTL after it. */
    private volatile long lastRenewedNanos;

    /** This replica's lease view, for the status. */
    public record View(String replica, boolean enabled, boolean leading, Long token) {
    }

    void start(@Observes @Priority(LifeboatService.STARTUP_PRIORITY + 1) StartupEvent event) {
        replica = config.leadership().replica().orElseGet(Leadership::defaultName);
        if (!config.leadership().enabled() || !config.service().enabled()) {
            return;
        }
        Duration every = config.leadership().ttl().dividedBy(3);
        renewals = Executors.newScheduledThreadPool(2, named("lifeboat-lease"));
        takeovers = Executors.newSingleThreadScheduledExecutor(named("lifeboat-takeover"));
        renewals.scheduleWithFixedDelay(this::renew, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        Duration watch = config.leadership().ttl().dividedBy(10);
        renewals.scheduleWithFixedDelay(this::watchdog, watch.toMillis(), watch.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("replica %s: leadership by lease (%s), renewed every %s", replica, config.leadership().ttl(), every);
    }

    /** One attempt to take or keep the lease, and what follows from it. Runs on the lease thread. */
    void renew() {
        try {
            Optional<ClusterStore.Stored> known = store.load();
            if (known.isEmpty()) {
                return; // nothing to lead yet
            }
            String cluster = known.get().document().cluster().name();
            long started = System.nanoTime();
            LeaseStore.Lease lease = leases.acquire(cluster, replica, config.leadership().ttl());
            if (!lease.holder().equals(replica)) {
                standDown(lease.holder() + " leads now (token " + lease.token() + ")");
                return;
            }
            lastRenewedNanos = started;
            LeaderStamp leading = held;
            if ((leading == null || leading.token() != lease.token()) && !Long.valueOf(lease.token()).equals(pending)) {
                standDown("the lease was taken again under a new token");
                pending = lease.token();
                LeaderStamp stamp = new LeaderStamp(cluster, replica, lease.token());
                takeovers.execute(() -> takeUp(stamp));
            }
        } catch (Throwable e) { // an Error would end the renewals for good
            LOG.warnf("replica %s could not renew its lease: %s", replica, e.getMessage());
        }
    }

    /** Builds the cluster's session from the store as it is once the lease is held, on the takeover thread. */
    private void takeUp(LeaderStamp stamp) {
        try {
            ClusterStore.Stored stored = store.load().orElseThrow(() -> new IllegalStateException("no cluster stored"));
            LOG.infof("replica %s leads cluster %s (token %d)", replica, stamp.cluster(), stamp.token());
            service.lead(stored.document(), stamp);
            held = stamp;
        } catch (RuntimeException e) {
            LOG.errorf(e, "replica %s could not take cluster %s up; it gives the lease up", replica, stamp.cluster());
            service.standDown();
            leases.release(stamp.cluster(), replica);
        } finally {
            pending = null;
        }
    }

    /**
     * Stands down once the newest successful renewal is two thirds of a lease old, whatever the renewal thread is
     * doing (a database that hangs): the lease may end a third later, and then another may lead.
     */
    private void watchdog() {
        if ((held != null || pending != null)
                && System.nanoTime() - lastRenewedNanos > config.leadership().ttl().multipliedBy(2).dividedBy(3).toNanos()) {
            standDown("the lease could not be renewed for two thirds of its time");
        }
    }

    private void standDown(String why) {
        LeaderStamp leading = held;
        if (leading != null) {
            LOG.warnf("replica %s stands down from cluster %s: %s", replica, leading.cluster(), why);
            held = null;
            service.standDown();
        }
    }

    /** Gives the lease up on a clean stop, so that a standby need not wait for it to end. */
    void stop(@Observes ShutdownEvent event) {
        if (renewals != null) {
            renewals.shutdownNow();
            takeovers.shutdownNow();
            try {
                // A renewal still running must not take the lease again after it is released.
                renewals.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LeaderStamp leader = held;
        if (leader != null) {
            try {
                leases.release(leader.cluster(), leader.replica());
            } catch (RuntimeException e) {
                LOG.warnf("replica %s could not release its lease: %s", replica, e.getMessage());
            }
        }
    }

    public boolean enabled() {
        return config.leadership().enabled();
    }

    public View view() {
        LeaderStamp leader = held;
        return new View(replica, enabled(), leader != null, leader == null ? null : leader.token());
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
