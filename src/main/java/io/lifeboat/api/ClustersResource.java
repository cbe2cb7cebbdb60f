package io.lifeboat.api;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.lifeboat.service.ClusterConfiguration;
import io.lifeboat.service.LifeboatService;
import io.lifeboat.store.ClusterStore;
import io.lifeboat.store.LeaseStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The clusters of this deployment: which there are, and who leads each. Each is read and changed under its own path,
 * {@code /api/v1/clusters/{cluster}/...} ({@link ClusterPaths}); a cluster is created by applying its first document
 * or settings there.
 */
@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ClustersResource {
    @Inject
    ClusterStore store;
    @Inject
    LifeboatService service;
    @Inject
    LeaseStore leases;
    @Inject
    ClusterConfiguration configuration;
    @Inject
    SecurityIdentity identity;

    /**
     * A cluster: its document's version and size, whether this replica manages it now, and the replica whose lease is
     * live (null without leadership, or while nobody leads it).
     */
    public record ClusterView(String name, long version, int hosts, int vms, boolean managedHere, String leader,
                              Long leaseToken) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The clusters of this deployment, and who leads each")
    @APIResponse(responseCode = "200", description = "The clusters, in the order they were made")
    public List<ClusterView> list() {
        return store.names().stream().flatMap(name -> store.load(name).stream().map(stored -> {
            Optional<LeaseStore.Lease> lease = leases.live(name);
            return new ClusterView(name, stored.version(), stored.document().hosts().size(),
                    stored.document().vms().size(), service.loop(name).isPresent(),
                    lease.map(LeaseStore.Lease::holder).orElse(null), lease.map(LeaseStore.Lease::token).orElse(null));
        })).toList();
    }

    @DELETE
    @Path("/{cluster}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Remove a cluster that has no host and no VM left")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "UNKNOWN_CLUSTER")
    @APIResponse(responseCode = "409", description = "CLUSTER_NOT_EMPTY")
    @APIResponse(responseCode = "412", description = "STALE_VERSION")
    @APIResponse(responseCode = "503", description = "NOT_LEADER, DATABASE_UNAVAILABLE")
    public RestResponse<Void> remove(@PathParam("cluster") String cluster, @RestHeader("If-Match") String ifMatch) {
        configuration.remove(cluster, ConfigurationRequests.ifMatch(ifMatch), ConfigurationRequests.user(identity));
        return RestResponse.noContent();
    }
}
