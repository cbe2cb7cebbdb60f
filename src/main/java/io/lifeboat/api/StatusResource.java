package io.lifeboat.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.lifeboat.policy.ClusterPicture;
import io.lifeboat.store.JournalEntry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class StatusResource {
    @Inject
    ClusterStatus status;
    @Inject
    ClusterScope scope;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Hosts, VMs (with the reason when one that should run does not) and the newest actions")
    @APIResponse(responseCode = "200", description = "The cluster as the live policy sees it")
    public StatusView status(@QueryParam("actions") @DefaultValue("20") int actions) {
        return status.now(scope.cluster(), actions);
    }

    static StatusView.VmView toView(ClusterPicture.VmRow vm) {
        return new StatusView.VmView(vm.name(), vm.state().name(), vm.host(), vm.lastHost(), vm.ha(), vm.priority(),
                vm.message() == null ? null
                : new StatusView.ReasonView(vm.reasonCode(), vm.message()));
    }

    static StatusView.ActionView toView(JournalEntry e) {
        return new StatusView.ActionView(e.actionKey, e.type, e.subject, e.actor, e.ruleId, e.reason, e.status.name(),
                e.outcomeMessage, e.recordedAt, e.completedAt, e.decidedBy, e.leaseToken);
    }
}
