package io.lifeboat.api;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.lifeboat.fencing.FenceDeviceCheck;
import io.lifeboat.fencing.FenceResult;
import io.lifeboat.fencing.ManualFenceConfirmation;
import io.lifeboat.service.ClusterConfiguration.Applied;
import io.lifeboat.service.ClusterConfiguration;
import io.lifeboat.service.LifeboatService;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.store.JournalStore;
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

/** The cluster document's hosts, one at a time (with their fence levels; secrets masked when read). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class HostsResource {
    private static final DocumentElements<HostSpec> HOSTS = new DocumentElements<>("hosts", "host", HostSpec.class,
            ClusterDocument::hosts, HostSpec::name, ClusterDocument::withHost, ClusterDocument::withoutHost);

    @Inject
    ClusterScope scope;
    @Inject
    ClusterConfiguration configuration;
    @Inject
    SecurityIdentity identity;
    @Inject
    FenceDeviceCheck fenceCheck;
    @Inject
    JournalStore journal;
    @Inject
    LifeboatService service;

    @GET
    @Path("/hosts")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Every host of the cluster document")
    @APIResponse(responseCode = "200", description = "The hosts")
    public List<HostSpec> list() {
        return HOSTS.list(configuration, scope.cluster());
    }

    @GET
    @Path("/hosts/{name}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One host")
    @APIResponse(responseCode = "200", description = "The host")
    @APIResponse(responseCode = "404", description = "UNKNOWN_HOST")
    public HostSpec get(@PathParam("name") String name) {
        return HOSTS.get(configuration, scope.cluster(), name);
    }

    @POST
    @Path("/hosts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Add a host")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "400", description = "INVALID_CLUSTER or INVALID_FENCE_PARAMETERS, with the field's JSON pointer")
    @APIResponse(responseCode = "404", description = "NO_CLUSTER")
    @APIResponse(responseCode = "409", description = "ALREADY_EXISTS")
    @APIResponse(responseCode = "412", description = "STALE_VERSION")
    public RestResponse<Applied> create(String body, @RestHeader("If-Match") String ifMatch) {
        return ConfigurationRequests.applied(HOSTS.create(configuration, scope.cluster(), body, ConfigurationRequests.ifMatch(ifMatch),
                ConfigurationRequests.user(identity)), 201);
    }

    @PUT
    @Path("/hosts/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Replace (or add) a host")
    @APIResponse(responseCode = "200", description = "Applied")
    @APIResponse(responseCode = "400", description = "INVALID_CLUSTER or INVALID_FENCE_PARAMETERS, with the field's JSON pointer")
    @APIResponse(responseCode = "404", description = "NO_CLUSTER")
    @APIResponse(responseCode = "412", description = "STALE_VERSION")
    public RestResponse<Applied> replace(@PathParam("name") String name, String body,
                                         @RestHeader("If-Match") String ifMatch) {
        return ConfigurationRequests.applied(HOSTS.replace(configuration, scope.cluster(), name, body,
                ConfigurationRequests.ifMatch(ifMatch), ConfigurationRequests.user(identity)), 200);
    }

    @POST
    @Path("/hosts/{name}/fence/test")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Ask every fence device of every level of the host for its power status; nothing is switched")
    @APIResponse(responseCode = "200", description = "Each device's answer")
    @APIResponse(responseCode = "404", description = "UNKNOWN_HOST")
    public FenceTest fenceTest(@PathParam("name") String name) {
        HostSpec host = HOSTS.get(configuration, scope.cluster(), name);
        List<Integer> levels = host.fencing().stream().map(FenceLevelSpec::level).distinct().sorted().toList();
        List<FenceDeviceCheck.DeviceStatus> devices = fenceCheck.check(name, levels);
        boolean allAnswered = !devices.isEmpty() && devices.stream()
                .allMatch(d -> d.outcome() == FenceResult.Outcome.SUCCEEDED);
        journal.recordChange(scope.cluster(), "FENCE_TEST", "host/" + name, ConfigurationRequests.user(identity),
                devices.stream().map(d -> "level " + d.level() + " device " + d.device() + " " + d.agent() + ": "
                        + d.outcome() + " " + d.power()).collect(Collectors.joining("; ")));
        return new FenceTest(name, allAnswered, devices);
    }

    @POST
    @Path("/hosts/{name}/fence/ack")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Confirm by hand that a silent host is powered off (like fence_ack_manual); its HA VMs restart")
    @APIResponse(responseCode = "202", description = "Accepted: the host counts as fenced")
    @APIResponse(responseCode = "404", description = "UNKNOWN_HOST")
    @APIResponse(responseCode = "409", description = "NOT_SILENT (it answers) or ALREADY_CONFIRMED_OFF")
    public RestResponse<OperationsResource.Accepted> fenceAck(@PathParam("name") String name) {
        String user = ConfigurationRequests.user(identity);
        ManualFenceConfirmation.Answer answer = service.acknowledgeFence(scope.cluster(), name, user);
        switch (answer.verdict()) {
            case ACCEPTED -> journal.recordChange(scope.cluster(), "FENCE_ACK", "host/" + name, user, answer.message());
            case UNKNOWN_HOST -> throw ApiException.notFound("UNKNOWN_HOST", answer.message());
            default -> throw new ApiException(409, answer.verdict().name(), answer.message(), null);
        }
        return RestResponse.accepted(new OperationsResource.Accepted("host/" + name, answer.message()));
    }

    /** Whether every device answered, and what each said. */
    public record FenceTest(String host, boolean allAnswered, List<FenceDeviceCheck.DeviceStatus> devices) {
    }

    @DELETE
    @Path("/hosts/{name}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Remove a host; refused while it runs managed VMs")
    @APIResponse(responseCode = "200", description = "Removed")
    @APIResponse(responseCode = "400", description = "INVALID_CLUSTER: something still names the host (a failover domain)")
    @APIResponse(responseCode = "404", description = "UNKNOWN_HOST")
    @APIResponse(responseCode = "409", description = "HOST_NOT_EVACUATED")
    @APIResponse(responseCode = "412", description = "STALE_VERSION")
    public RestResponse<Applied> remove(@PathParam("name") String name, @RestHeader("If-Match") String ifMatch) {
        return ConfigurationRequests.applied(HOSTS.remove(configuration, scope.cluster(), name, ConfigurationRequests.ifMatch(ifMatch),
                ConfigurationRequests.user(identity)), 200);
    }
}
