package io.lifeboat.api;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.lifeboat.policy.PolicyLoop;
import io.lifeboat.service.LifeboatService;
import io.lifeboat.store.ClusterStore;
import io.lifeboat.store.DatabaseFailures;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The cluster a request is about: the one its path names ({@code /api/v1/clusters/{cluster}/...}, see
 * {@link ClusterPaths}), else the only cluster the deployment has. An unscoped request where there are several is
 * refused (409 {@code CLUSTER_REQUIRED}): it would otherwise read or change a cluster the caller did not choose.
 */
@RequestScoped
public class ClusterScope {
    @Inject
    ClusterStore store;
    @Inject
    LifeboatService service;

    private String named;
    private String resolved;

    void named(String cluster) {
        this.named = cluster;
    }

    /** Whether the request's path named its cluster. */
    public boolean isNamed() {
        return named != null;
    }

    /**
     * The cluster's name; null when the deployment has none and the path named none.
     *
     * @throws ApiException 404 {@code UNKNOWN_CLUSTER} when the path names a cluster there is not, 409
     *                      {@code CLUSTER_REQUIRED} when it names none and there are several
     */
    public String cluster() {
        if (resolved == null) {
            Set<String> names = known();
            if (named != null && !names.contains(named)) {
                throw new ApiException(404, "UNKNOWN_CLUSTER", "no cluster is named '" + named + "'; there are "
                        + names + " (GET /api/v1/clusters)", null);
            }
            resolved = named != null ? named : sole(names);
        }
        return resolved.isEmpty() ? null : resolved;
    }

    /**
     * The cluster a whole document or new settings are applied to: the one the path names (new or not), else the only
     * one there is; null (nothing stored, nothing named) means the one the document names.
     */
    public String target() {
        return named != null ? named : Optional.ofNullable(sole(known())).filter(s -> !s.isEmpty()).orElse(null);
    }

    /** The live loop of the request's cluster, if this Lifeboat manages it. */
    public Optional<PolicyLoop> managed() {
        return service.loop(cluster());
    }

    /** The live loop of the request's cluster: 404 {@code NOT_MANAGING} when this Lifeboat does not manage it. */
    public PolicyLoop loop() {
        return managed().orElseThrow(() -> ApiException.notFound("NOT_MANAGING", cluster() == null
                ? "no cluster is loaded" : "this replica does not manage cluster " + cluster() + " now"));
    }

    private static String sole(Set<String> names) {
        if (names.size() > 1) {
            throw new ApiException(409, "CLUSTER_REQUIRED", "this deployment has the clusters " + names
                    + ": name the one meant, /api/v1/clusters/{cluster}/...", null);
        }
        return names.isEmpty() ? "" : names.iterator().next();
    }

    /** The clusters stored and those managed here (all that can be named while the database is out of reach). */
    Set<String> known() {
        Set<String> names = new TreeSet<>(service.managedClusters());
        try {
            names.addAll(store.names());
        } catch (RuntimeException e) {
            if (!DatabaseFailures.unreachable(e)) {
                throw e;
            }
        }
        return names;
    }
}
