package io.lifeboat.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.lifeboat.fencing.FenceDeviceDirectory;
import io.lifeboat.fencing.FenceDeviceParams;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario;
import io.lifeboat.simulate.ScenarioFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The fence devices the fencing plugin uses: read from the database at the moment it fences, as configured now; when
 * the database cannot be reached, the devices read last (kept in memory only, never logged), so that a host can be
 * fenced while the database is down with it. Every host's levels are read when a cluster is taken up or changed.
 */
@ApplicationScoped
public class KnownFenceDevices implements FenceDeviceDirectory {
    private static final Logger LOG = Logger.getLogger(KnownFenceDevices.class);

    @Inject
    ClusterStore store;

    /** Each cluster's hosts' levels, as last read: replaced whole, so nobody ever sees a half-read cluster. */
    private final Map<String, Map<String, List<FenceDeviceParams>>> known = new ConcurrentHashMap<>();

    @Override
    public List<FenceDeviceParams> devices(String host, int level) {
        String key = key(host, level);
        try {
            List<FenceDeviceParams> devices = store.devices(host, level);
            known.values().forEach(levels -> levels.computeIfPresent(key, (k, before) -> devices));
            return devices;
        } catch (RuntimeException e) {
            List<FenceDeviceParams> remembered = known.values().stream().map(levels -> levels.get(key))
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (!DatabaseFailures.unreachable(e) || remembered == null) {
                throw e;
            }
            LOG.warnf("the database cannot be read: %s is fenced at level %d with its devices as last read", host, level);
            return remembered;
        }
    }

    /**
     * Reads every fence level of the document's hosts now: fencing then needs no database until the cluster's next
     * change. Hosts and levels that left the cluster are forgotten.
     */
    public void remember(ClusterDocument document) {
        Map<String, List<FenceDeviceParams>> read = new ConcurrentHashMap<>();
        for (Scenario.HostSpec host : document.hosts()) {
            for (int level : ScenarioFacts.fenceAgentsByLevel(host).keySet()) {
                read.put(key(host.name(), level), store.devices(host.name(), level));
            }
        }
        known.put(document.cluster().name(), read);
        // A host is in one cluster: what another cluster (one handed over since) remembered of it is stale.
        java.util.Set<String> hosts = new java.util.HashSet<>();
        document.hosts().forEach(h -> hosts.add(h.name()));
        known.forEach((cluster, levels) -> {
            if (!cluster.equals(document.cluster().name())) {
                levels.keySet().removeIf(key -> hosts.contains(key.substring(0, key.indexOf('\0'))));
            }
        });
    }

    /** A cluster removed from the deployment. */
    public void forget(String cluster) {
        known.remove(cluster);
    }

    private static String key(String host, int level) {
        return host + '\0' + level;
    }
}
