package io.lifeboat.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.lifeboat.service.ClusterConfiguration.Applied;
import io.lifeboat.service.ClusterConfiguration;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The cluster document's failover domains, one at a time. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class FailoverDomainsResource {
    private static final DocumentElements<FailoverDomainSpec> DOMAINS = new DocumentElements<>("failoverDomains", "failover domain", FailoverDomainSpec.class,
            ClusterDocument::failoverDomains, FailoverDomainSpec::name, ClusterDocument::withFailoverDomain, ClusterDocument::withoutFailoverDomain);

    @Inject
    ClusterScope scope;
    @Inject
    ClusterConfiguration configuration;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/failover-domains")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Every failover domain of the cluster document")
    @APIResponse(responseCode = "200", description = "The hosts")
    public List<FailoverDomainSpec> list() {
        return DOMAINS.list(configuration, scope.cluster());
    }

    @GET
    @Path("/failover-domains/{name}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One failover domain")
    @APIResponse(responseCode = "200", description = "The host")
    @APIResponse(responseCode = "404", description = "UNKNOWN_FAILOVER_DOMAIN")
    public FailoverDomainSpec get(@PathParam("name") String name) {
        return DOMAINS.get(configuration, scope.cluster(), name);
    }

    @POST
    @Path("/failover-domains")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Add a failover domain")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "400", description = "INVALID_CLUSTER, with the field's JSON pointer")
    @APIResponse(responseCode = "404", description = "NO_CLUSTER")
    @APIResponse(responseCode = "409", description = "ALREADY_EXISTS")
    @APIResponse(responseCode = "412", description = "STALE_VERSION")
    public RestResponse<Applied> create(String body, @RestHeader("If-Match") String ifMatch) {
        return ConfigurationRequests.applied(DOMAINS.create(configuration, scope.cluster(), body, ConfigurationRequests.ifMatch(ifMatch),
                ConfigurationRequests.user(identity)), 201);
    }

    @PUT
    @Path("/failover-domains/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Replace (or add) a failover domain")
    @APIResponse(responseCode = "200", description = "Applied")
    @APIResponse(responseCode = "400", description = "INVALID_CLUSTER, with the field's JSON pointer")
    @APIResponse(responseCode = "404", description = "NO_CLUSTER")
    @APIResponse(responseCode = "412", description = "STALE_VERSION")
    public RestResponse<Applied> replace(@PathParam("name") String name, String body,
                                         @RestHeader("If-Match") String ifMatch) {
        return ConfigurationRequests.applied(DOMAINS.replace(configuration, scope.cluster(), name, body,
                ConfigurationRequests.ifMatch(ifMatch), ConfigurationRequests.user(identity)), 200);
    }

    @DELETE
    @Path("/failover-domains/{name}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Remove a failover domain; refused while a VM names it")
    @APIResponse(responseCode = "200", description = "Removed")
    @APIResponse(responseCode = "400", description = "INVALID_CLUSTER: a VM still names the domain")
    @APIResponse(responseCode = "404", description = "UNKNOWN_FAILOVER_DOMAIN")
    @APIResponse(responseCode = "412", description = "STALE_VERSION")
    public RestResponse<Applied> remove(@PathParam("name") String name, @RestHeader("If-Match") String ifMatch) {
        return ConfigurationRequests.applied(DOMAINS.remove(configuration, scope.cluster(), name, ConfigurationRequests.ifMatch(ifMatch),
                ConfigurationRequests.user(identity)), 200);
    }
}
