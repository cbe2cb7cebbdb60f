package io.lifeboat.store;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The leadership lease of each cluster, in the database every replica shares. Every time is the database's own clock,
 * compared in SQL, so replicas whose clocks differ still agree on when a lease ends. The token only grows: it changes each time another
 * replica (or the same one after its lease ended) takes the lease, never on a renewal.
 */
@ApplicationScoped
public class LeaseStore {
    @Inject
    EntityManager em;

    /** The lease as it stands. */
    public record Lease(String cluster, String holder, long token, Instant expiresAt, boolean live) {
        /** Whether {@code replica} holds it now: an ended lease names its last holder, who holds nothing. */
        public boolean heldBy(String replica) {
            return live && holder.equals(replica);
        }
    }

    /**
     * Takes or renews the lease for {@code replica}: renewed if it holds it still, taken (with the next token) if
     * nobody holds it or its holder's lease has ended, else left to its holder.
     *
     * @return the lease after the attempt: held by {@code replica} or by another
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Lease acquire(String cluster, String replica, Duration ttl) {
        return acquire(cluster, replica, ttl, Duration.ZERO);
    }

    /**
     * {@link #acquire(String, String, Duration)}, taking a lease another held only once it has been over for
     * {@code after}: a replica that leads its share already leaves a free cluster to the others first.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Lease acquire(String cluster, String replica, Duration ttl, Duration after) {
        long micros = ttl.toNanos() / 1000;
        List<?> rows = em.createNativeQuery("SELECT holder, token, expires_at > CURRENT_TIMESTAMP(3),"
                        + " expires_at > TIMESTAMPADD(MICROSECOND, ?2, CURRENT_TIMESTAMP(3)) FROM leadership_lease"
                        + " WHERE cluster = ?1 FOR UPDATE").setParameter(1, cluster)
                .setParameter(2, -after.toNanos() / 1000).getResultList();
        if (rows.isEmpty()) {
            em.createNativeQuery("INSERT INTO leadership_lease (cluster, holder, token, expires_at)"
                            + " VALUES (?1, ?2, 1, TIMESTAMPADD(MICROSECOND, ?3, CURRENT_TIMESTAMP(3)))")
                    .setParameter(1, cluster).setParameter(2, replica).setParameter(3, micros).executeUpdate();
            return current(cluster).orElseThrow();
        }
        Object[] row = (Object[]) rows.get(0);
        String holder = (String) row[0];
        long token = ((Number) row[1]).longValue();
        boolean live = truth(row[2]);
        // Also the caller's own lease: a replica that handed it over waits like the others.
        boolean endedLately = !live && truth(row[3]);
        if (live && !holder.equals(replica) || endedLately) {
            return current(cluster).orElseThrow();
        }
        long next = live ? token : token + 1; // renewed, or taken after the lease ended (even by the same replica)
        em.createNativeQuery("UPDATE leadership_lease SET holder = ?2, token = ?3,"
                        + " expires_at = TIMESTAMPADD(MICROSECOND, ?4, CURRENT_TIMESTAMP(3)) WHERE cluster = ?1")
                .setParameter(1, cluster).setParameter(2, replica).setParameter(3, next).setParameter(4, micros)
                .executeUpdate();
        return current(cluster).orElseThrow();
    }

    /**
     * Whether {@code replica} holds the cluster's lease under {@code token} right now (joins the caller's transaction).
     * The check writes the lease row (its {@code checked_at}): it keeps the row locked to the end of the transaction,
     * and on Galera, which certifies writes at commit and replicates no read lock, it makes the caller's commit
     * conflict with a takeover committed on another node meanwhile, so that one of the two fails.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean holds(String cluster, String replica, long token) {
        return em.createNativeQuery("UPDATE leadership_lease SET checked_at = CURRENT_TIMESTAMP(6) WHERE cluster = ?1"
                        + " AND holder = ?2 AND token = ?3 AND expires_at > CURRENT_TIMESTAMP(3)")
                .setParameter(1, cluster).setParameter(2, replica).setParameter(3, token).executeUpdate() > 0;
    }

    /** Gives the lease up at once (a replica that stops), so that another takes over without waiting for it to end. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String cluster, String replica) {
        em.createNativeQuery("UPDATE leadership_lease SET expires_at = CURRENT_TIMESTAMP(3) WHERE cluster = ?1"
                        + " AND holder = ?2").setParameter(1, cluster).setParameter(2, replica).executeUpdate();
    }

    /** The cluster's lease if it has not ended: some replica leads it. */
    @Transactional
    public Optional<Lease> live(String cluster) {
        List<?> rows = em.createNativeQuery("SELECT 1 FROM leadership_lease WHERE cluster = ?1"
                + " AND expires_at > CURRENT_TIMESTAMP(3)").setParameter(1, cluster).getResultList();
        return rows.isEmpty() ? Optional.empty() : current(cluster);
    }

    /** The cluster's lease as it stands, whoever holds it (joins the caller's transaction if there is one). */
    @Transactional
    public Optional<Lease> current(String cluster) {
        List<?> rows = em.createNativeQuery("SELECT holder, token, expires_at, expires_at > CURRENT_TIMESTAMP(3)"
                + " FROM leadership_lease WHERE cluster = ?1").setParameter(1, cluster).getResultList();
        return rows.stream().findFirst().map(r -> {
            Object[] row = (Object[]) r;
            return new Lease(cluster, (String) row[0], ((Number) row[1]).longValue(), instant(row[2]), truth(row[3]));
        });
    }

    /**
     * Says this replica is alive (its row in {@code lifeboat_replica}, seen now) and how many clusters each replica
     * seen within {@code ttl} leads now, itself included: those who share the clusters' leases.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map<String, Integer> replicasAlive(String replica, Duration ttl) {
        int seen = em.createNativeQuery("UPDATE lifeboat_replica SET seen_at = CURRENT_TIMESTAMP(3) WHERE name = ?1")
                .setParameter(1, replica).executeUpdate();
        if (seen == 0) {
            em.createNativeQuery("INSERT INTO lifeboat_replica (name, seen_at) VALUES (?1, CURRENT_TIMESTAMP(3))")
                    .setParameter(1, replica).executeUpdate();
        }
        Map<String, Integer> leading = new TreeMap<>();
        for (Object row : em.createNativeQuery("SELECT r.name, (SELECT COUNT(*) FROM leadership_lease l"
                        + " WHERE l.holder = r.name AND l.expires_at > CURRENT_TIMESTAMP(3)) FROM lifeboat_replica r"
                        + " WHERE r.seen_at > TIMESTAMPADD(MICROSECOND, ?1, CURRENT_TIMESTAMP(3))")
                .setParameter(1, -ttl.toNanos() / 1000).getResultList()) {
            Object[] columns = (Object[]) row;
            leading.put((String) columns[0], ((Number) columns[1]).intValue());
        }
        return leading;
    }

    private static boolean truth(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.LocalDateTime local) {
            return Timestamp.valueOf(local).toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("not a time: " + value);
    }
}
