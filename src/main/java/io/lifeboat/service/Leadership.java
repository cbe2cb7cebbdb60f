package io.lifeboat.service;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * Which replica leads each cluster (lifeboat.leadership): every third of the lease's time each replica tries to take
 * or renew every cluster's lease. The one that holds a lease manages that cluster, its actions stamped with the lease's
 * token; the others stand by for it. A leader that loses a lease, or cannot renew its leases for two thirds of their
 * time (the database out of reach), stands down before a lease can end, so that it never acts once another may lead.
 * Taking over is a start: the session is rebuilt from the store, the startup grace holds fencing back, and actions the
 * journal holds open are reconciled with what the hypervisors report, never repeated.
 * <p>
 * The clusters are shared among the replicas alive: a replica that leads its share leaves a free lease to the others
 * for one lease time before it takes it, and one that leads more than its share hands one cluster over per renewal,
 * only while that cluster's session has no action in flight (checked and ended in one step on its loop).
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
    /** Renewals, and the watchdog, on threads of their own: taking a cluster up (connecting to every host) may be slow. */
    private ScheduledExecutorService renewals;
    private ScheduledExecutorService takeovers;
    /** The leases this replica leads under, by cluster. */
    private final Map<String, LeaderStamp> held = new ConcurrentHashMap<>();
    /** The tokens being taken up, by cluster, while their sessions are being built. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    /** When the newest successful renewal of each lease held started: it ends at most a TTL after that. */
    private final Map<String, Long> renewedNanos = new ConcurrentHashMap<>();
    /** The cluster being handed over, while it is. */
    private final Set<String> handedOver = ConcurrentHashMap.newKeySet();
    /** A hand-over is queued or under way. */
    private final java.util.concurrent.atomic.AtomicBoolean handingOver = new java.util.concurrent.atomic.AtomicBoolean();

    /** This replica's lease view of one cluster, for the status. */
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

    /** One attempt to take or keep every cluster's lease, and what follows from it. Runs on the lease thread. */
    void renew() {
        try {
            Duration ttl = config.leadership().ttl();
            Map<String, Integer> replicas = leases.replicasAlive(replica, ttl);
            List<String> clusters = store.names();
            held.keySet().stream().filter(c -> !clusters.contains(c)).toList()
                    .forEach(c -> standDown(c, "the cluster was removed"));
            int share = (clusters.size() + replicas.size() - 1) / Math.max(1, replicas.size());
            for (String cluster : clusters) {
                long started = System.nanoTime();
                try {
                    // A cluster being handed over is renewed while it is still managed here, never taken again.
                    boolean handing = handedOver.contains(cluster);
                    boolean mine = held.containsKey(cluster) || pending.containsKey(cluster);
                    LeaseStore.Lease lease = leases.acquire(cluster, replica, ttl,
                            !handing && (mine || leading() < share) ? Duration.ZERO : ttl);
                    if (lease.heldBy(replica)) {
                        renewedNanos.put(cluster, started);
                    }
                    if (!handing) {
                        renew(cluster, lease);
                    }
                } catch (RuntimeException e) { // one cluster's lease must not hold the others' back
                    LOG.warnf("replica %s could not renew its lease of %s: %s", replica, cluster, e.getMessage());
                }
            }
            boolean anotherLeadsLess = replicas.entrySet().stream()
                    .anyMatch(r -> !r.getKey().equals(replica) && r.getValue() < share);
            if (leading() > share && anotherLeadsLess && handingOver.compareAndSet(false, true)) {
                // Off the lease thread: waiting for a busy loop must never delay the renewals.
                takeovers.execute(() -> {
                    try {
                        handOverOne();
                    } finally {
                        handingOver.set(false);
                    }
                });
            }
        } catch (Throwable e) { // an Error would end the renewals for good
            LOG.warnf("replica %s could not renew its leases: %s", replica, e.getMessage());
        }
    }

    private void renew(String cluster, LeaseStore.Lease lease) {
        if (!lease.heldBy(replica)) {
            standDown(cluster, lease.live() ? lease.holder() + " leads now (token " + lease.token() + ")"
                    : "its lease ended");
            return;
        }
        LeaderStamp leading = held.get(cluster);
        if ((leading == null || leading.token() != lease.token())
                && !Long.valueOf(lease.token()).equals(pending.get(cluster))) {
            standDown(cluster, "the lease was taken again under a new token");
            pending.put(cluster, lease.token());
            LeaderStamp stamp = new LeaderStamp(cluster, replica, lease.token());
            takeovers.execute(() -> takeUp(stamp));
        }
    }

    private int leading() {
        return held.size() + pending.size();
    }

    /** Hands one cluster with nothing in flight over to a replica that leads fewer: the lease is given up at once. */
    private void handOverOne() {
        for (String cluster : new java.util.TreeSet<>(held.keySet()).descendingSet()) {
            handedOver.add(cluster);
            try {
                if (held.containsKey(cluster) && service.standDownIfQuiet(cluster)) {
                    held.remove(cluster);
                    renewedNanos.remove(cluster);
                    leases.release(cluster, replica);
                    LOG.infof("replica %s hands cluster %s over (it led more than its share)", replica, cluster);
                    return;
                }
            } finally {
                handedOver.remove(cluster);
            }
        }
    }

    /** Builds the cluster's session from the store as it is once the lease is held, on the takeover thread. */
    private void takeUp(LeaderStamp stamp) {
        try {
            ClusterStore.Stored stored = store.load(stamp.cluster())
                    .orElseThrow(() -> new IllegalStateException("cluster " + stamp.cluster() + " is not stored"));
            LOG.infof("replica %s leads cluster %s (token %d)", replica, stamp.cluster(), stamp.token());
            service.lead(stored.document(), stamp);
            held.put(stamp.cluster(), stamp);
        } catch (RuntimeException e) {
            LOG.errorf(e, "replica %s could not take cluster %s up; it gives the lease up", replica, stamp.cluster());
            service.standDown(stamp.cluster());
            leases.release(stamp.cluster(), replica);
        } finally {
            pending.remove(stamp.cluster());
        }
    }

    /**
     * Stands down from a cluster once the newest renewal of its lease is two thirds of a lease old, whatever the
     * renewal thread is doing (a database that hangs): the lease may end a third later, and then another may lead.
     */
    private void watchdog() {
        long limit = config.leadership().ttl().multipliedBy(2).dividedBy(3).toNanos();
        long now = System.nanoTime();
        held.keySet().stream().filter(c -> now - renewedNanos.getOrDefault(c, 0L) > limit)
                .forEach(c -> standDown(c, "the lease could not be renewed for two thirds of its time"));
    }

    /** A cluster removed from the deployment, its session ended already: its lease is given up. */
    void gaveUp(String cluster) {
        if (held.remove(cluster) != null) {
            leases.release(cluster, replica);
        }
    }

    private void standDown(String cluster, String why) {
        if (held.remove(cluster) != null) {
            LOG.warnf("replica %s stands down from cluster %s: %s", replica, cluster, why);
            service.standDown(cluster);
        }
    }

    /** Gives the leases up on a clean stop, so that a standby need not wait for them to end. */
    void stop(@Observes ShutdownEvent event) {
        if (renewals != null) {
            renewals.shutdownNow();
            takeovers.shutdownNow();
            try {
                // A renewal still running must not take a lease again after it is released.
                renewals.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (LeaderStamp leader : held.values()) {
            try {
                leases.release(leader.cluster(), leader.replica());
            } catch (RuntimeException e) {
                LOG.warnf("replica %s could not release its lease of %s: %s", replica, leader.cluster(), e.getMessage());
            }
        }
    }

    public boolean enabled() {
        return config.leadership().enabled();
    }

    /** This replica's name in the leases. */
    public String replica() {
        return replica;
    }

    /** Whether this replica leads the cluster now. */
    public boolean leads(String cluster) {
        return cluster != null && held.containsKey(cluster);
    }

    public View view(String cluster) {
        LeaderStamp leader = cluster == null ? null : held.get(cluster);
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
