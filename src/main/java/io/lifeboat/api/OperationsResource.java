package io.lifeboat.api;


import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.MaintenanceEnded;
import io.lifeboat.facts.MaintenanceRequested;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmStartRequested;
import io.lifeboat.facts.VmState;
import io.lifeboat.policy.PolicyLoop;
import io.lifeboat.store.JournalStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Operators' requests, handed to the rules as facts: start a stopped VM, take a host into maintenance. The rules
 * decide where and how (the same rules simulate runs); this only checks the subject exists, journals who asked, and
 * accepts.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class OperationsResource {
    @Inject
    ClusterScope scope;
    @Inject
    JournalStore journal;
    @Inject
    SecurityIdentity identity;

    public record Accepted(String subject, String message) {
    }

    @POST
    @Path("/vms/{name}/start")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Ask for a stopped VM to be started; placement picks the host. A start that would eat the "
            + "failover reserve (hostFailuresToTolerate) is blocked RESERVED_FOR_FAILOVER unless force=true, which is "
            + "journalled with the user")
    @APIResponse(responseCode = "202", description = "Handed to the rules")
    @APIResponse(responseCode = "400", description = "BAD_PARAMETER: force is neither true nor false")
    @APIResponse(responseCode = "404", description = "UNKNOWN_VM")
    @APIResponse(responseCode = "409", description = "NOT_STOPPED: it runs or is recovering")
    public RestResponse<Accepted> start(@PathParam("name") String name, @QueryParam("force") String forceParam) {
        // Taken as text: a typo such as force=ture must be refused, not read as false.
        if (forceParam != null && !forceParam.equals("true") && !forceParam.equals("false")) {
            throw new ApiException(400, "BAD_PARAMETER", "force must be true or false, not '" + forceParam + "'", "force");
        }
        boolean force = "true".equals(forceParam);
        PolicyLoop loop = loop();
        VmState state = loop.read(s -> s.facts(Vm.class).stream().filter(v -> v.getName().equals(name))
                .map(Vm::getState).findFirst())
                .orElseThrow(() -> ApiException.notFound("UNKNOWN_VM", "no VM named " + name));
        if (state != VmState.STOPPED) {
            throw new ApiException(409, "NOT_STOPPED", name + " is " + state, null);
        }
        String user = identity.getPrincipal().getName();
        request("vm/" + name, force ? "start requested, forced past the failover reserve" : "start requested");
        loop.submit(s -> s.insert(new VmStartRequested(name, force ? user : null)));
        return RestResponse.accepted(new Accepted("vm/" + name, "start requested; GET /api/v1/explain/vm/" + name));
    }

    @POST
    @Path("/hosts/{name}/maintenance")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Take a host into maintenance: its VMs are live-migrated away")
    @APIResponse(responseCode = "202", description = "Handed to the rules")
    @APIResponse(responseCode = "404", description = "UNKNOWN_HOST")
    @APIResponse(responseCode = "409", description = "NOT_UP: only an UP host goes into maintenance")
    public RestResponse<Accepted> maintenance(@PathParam("name") String name) {
        PolicyLoop loop = loop();
        HostState state = hostState(loop, name);
        if (state != HostState.UP) {
            throw new ApiException(409, "NOT_UP", name + " is " + state, null);
        }
        request("host/" + name, "maintenance requested");
        loop.submit(s -> s.insert(new MaintenanceRequested(name)));
        return RestResponse.accepted(new Accepted("host/" + name, "maintenance requested; its VMs move away"));
    }

    @jakarta.ws.rs.DELETE
    @Path("/hosts/{name}/maintenance")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Take a host out of maintenance: it may take VMs again")
    @APIResponse(responseCode = "202", description = "Handed to the rules")
    @APIResponse(responseCode = "404", description = "UNKNOWN_HOST")
    @APIResponse(responseCode = "409", description = "NOT_IN_MAINTENANCE")
    public RestResponse<Accepted> endMaintenance(@PathParam("name") String name) {
        PolicyLoop loop = loop();
        HostState state = hostState(loop, name);
        if (state != HostState.MAINTENANCE) {
            throw new ApiException(409, "NOT_IN_MAINTENANCE", name + " is " + state, null);
        }
        request("host/" + name, "end of maintenance requested");
        loop.submit(s -> s.insert(new MaintenanceEnded(name)));
        return RestResponse.accepted(new Accepted("host/" + name, "maintenance ends; the host takes VMs again"));
    }

    /** Journalled before it is handed to the rules, like every action. */
    private void request(String subject, String what) {
        journal.recordChange(scope.cluster(), JournalStore.OPERATION, subject, identity.getPrincipal().getName(), what);
    }

    private PolicyLoop loop() {
        return scope.loop();
    }

    private static HostState hostState(PolicyLoop loop, String name) {
        return loop.read(s -> s.facts(Host.class).stream().filter(h -> h.getName().equals(name))
                .map(Host::getState).findFirst())
                .orElseThrow(() -> ApiException.notFound("UNKNOWN_HOST", "no host named " + name));
    }
}
