package io.lifeboat.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.facts.Host;
import io.lifeboat.policy.PolicyLoop;
import io.lifeboat.service.LifeboatService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Host agents: a second liveness signal, independent of libvirt. A host is declared unresponsive only when neither
 * its libvirt probes nor its agent (if it has one) were heard for the heartbeat timeout. Heartbeats are frequent and
 * change nothing but a timer, so they are not journalled.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AgentResource {
    @Inject
    LifeboatService service;
    @Inject
    PowerLedger ledger;
    @Inject
    ClusterScope scope;

    @POST
    @Path("/hosts/{name}/heartbeat")
    @RolesAllowed(Roles.AGENT)
    @Operation(summary = "A host agent says the host is alive")
    @APIResponse(responseCode = "202", description = "Counted as the host's heartbeat")
    @APIResponse(responseCode = "404", description = "UNKNOWN_HOST, or NOT_MANAGING when no cluster is loaded")
    public RestResponse<Void> heartbeat(@PathParam("name") String name) {
        // A host's name is unique in the deployment: an agent need not know its cluster.
        PolicyLoop loop = scope.isNamed() ? scope.loop() : service.loopOfHost(name)
                .orElseThrow(() -> ApiException.notFound("UNKNOWN_HOST", "no managed cluster has a host named " + name));
        boolean known = loop.read(s -> s.facts(Host.class).stream().anyMatch(h -> h.getName().equals(name)));
        if (!known) {
            throw ApiException.notFound("UNKNOWN_HOST", "no host named " + name);
        }
        // A host whose agent speaks has power: whatever was confirmed off before no longer holds.
        ledger.hostAnswered(name);
        loop.heartbeat(name, HeartbeatSource.AGENT);
        return RestResponse.accepted();
    }
}
