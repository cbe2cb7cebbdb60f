package io.lifeboat.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.lifeboat.api.ApiException;
import io.lifeboat.api.Roles;
import io.lifeboat.fencing.FenceAgentRunner;
import io.lifeboat.fencing.FenceOperation;
import io.lifeboat.fencing.FenceResult;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.store.JournalStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Lets a newcomer break the demo cluster and watch Lifeboat recover it. Answers 404 when the demo is off. */
@Path("/api/v1/demo")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DemoResource {
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    DemoCluster demo;
    @Inject
    LibvirtDriver driver;
    @Inject
    FenceAgentRunner agents;
    @Inject
    JournalStore journal;
    @Inject
    SecurityIdentity identity;

    /** {@code link}: whether Lifeboat reaches the host; {@code runningDomains}: what its hypervisor runs, either way. */
    public record HostTruth(String host, String link, List<String> runningDomains) {
    }

    public record Done(String host, String message) {
    }

    @GET
    @Path("/hosts")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The demo hosts as their hypervisors see them (not as Lifeboat believes)")
    public List<HostTruth> hosts() {
        requireDemo();
        List<HostTruth> truth = new ArrayList<>();
        for (String host : demo.hostNames()) {
            truth.add(truth(host));
        }
        return truth;
    }

    @POST
    @Path("/hosts/{host}/fail")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Make a demo host stop answering; Lifeboat fences it after the heartbeat timeout")
    @APIResponse(responseCode = "200", description = "The host is silent now")
    @APIResponse(responseCode = "404", description = "No such demo host, or the demo is off")
    public Done fail(@PathParam("host") String host) {
        requireHost(host);
        journal.recordChange(demo.clusterOf(host), JournalStore.OPERATION, "host/" + host,
                identity.getPrincipal().getName(), "demo: fail");
        demo.hang(host);
        return new Done(host, host + " stopped answering; Lifeboat declares it unresponsive after the heartbeat "
                + "timeout, fences it, and restarts its HA VMs elsewhere");
    }

    @POST
    @Path("/hosts/{host}/power-on")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Repair a demo host and power it on through its fence device; it rejoins the cluster")
    @APIResponse(responseCode = "200", description = "The host is powered on")
    @APIResponse(responseCode = "404", description = "No such demo host, or the demo is off")
    public Done powerOn(@PathParam("host") String host) {
        requireHost(host);
        journal.recordChange(demo.clusterOf(host), JournalStore.OPERATION, "host/" + host,
                identity.getPrincipal().getName(), "demo: repair and power on");
        demo.repair(host);
        FenceResult result = agents.run(DemoCluster.AGENT, FenceOperation.ON,
                Map.of("plug", host, "power_dir", demo.powerDir().toString()), AGENT_TIMEOUT);
        if (!result.succeeded()) {
            throw new ApiException(502, "FENCE_AGENT_FAILED", "powering on " + host + ": " + result.message(), null);
        }
        return new Done(host, result.message());
    }

    /** One probe when Lifeboat reaches the host; otherwise the simulated hardware is read past the severed link. */
    private HostTruth truth(String host) {
        HostInventory inventory;
        String link = "up";
        try {
            inventory = driver.probe(host);
        } catch (HypervisorException unreachable) {
            link = "unreachable";
            try {
                inventory = driver.probeIgnoringSever(host);
            } catch (HypervisorException e) {
                return new HostTruth(host, link, List.of());
            }
        }
        return new HostTruth(host, link, inventory.presentVms().stream().sorted().toList());
    }

    private void requireDemo() {
        if (!demo.enabled()) {
            throw ApiException.notFound("DEMO_DISABLED", "the demo cluster is not enabled (lifeboat.demo.enabled)");
        }
    }

    private void requireHost(String host) {
        requireDemo();
        if (!demo.hostNames().contains(host)) {
            throw ApiException.notFound("UNKNOWN_HOST", "no demo host named " + host);
        }
    }
}
