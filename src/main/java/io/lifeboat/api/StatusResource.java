package io.lifeboat.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.lifeboat.policy.ClusterPicture;
import io.lifeboat.policy.PolicyLoop;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.reload.PolicyManager;
import io.lifeboat.service.LifeboatService;
import io.lifeboat.store.JournalEntry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
    LifeboatService service;
    @Inject
    PolicyManager policies;

    @GET
    @Transactional
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Hosts, VMs (with the reason when one that should run does not) and the newest actions")
    @APIResponse(responseCode = "200", description = "The cluster as the live policy sees it")
    public StatusView status(@QueryParam("actions") @DefaultValue("20") int actions) {
        List<StatusView.ActionView> recent = JournalEntry.newest(Math.max(1, Math.min(actions, 500))).stream()
                .map(StatusResource::toView).toList();
        var loop = service.loop();
        String unsettled = loop.flatMap(PolicyLoop::runaway).map(RuntimeException::getMessage).orElse(null);
        StatusView.PolicyView policy = new StatusView.PolicyView(policies.version(), policies.current().ruleCount(),
                policies.loadedAt(), policies.lastReload().orElse(null), unsettled);
        if (loop.isEmpty()) {
            return new StatusView(null, false, policy, List.of(), List.of(), List.of(), recent);
        }
        StatusView live = loop.get().read(StatusResource::snapshot);
        return new StatusView(service.cluster().orElse(null), true, policy, live.hosts(), live.vms(),
                live.violations(), recent);
    }

    /** Runs on the policy loop's thread: the one picture of the cluster (picture.drl), copied out. */
    private static StatusView snapshot(PolicySession session) {
        ClusterPicture picture = ClusterPicture.of(session);
        List<StatusView.HostView> hosts = picture.hosts().stream().map(h -> new StatusView.HostView(h.name(),
                h.state().name(), h.reason(), h.memoryMiB(), h.memoryUsedMiB(), h.cpus(), h.vcpusUsed())).toList();
        List<StatusView.VmView> vms = picture.vms().stream().map(StatusResource::toView).toList();
        return new StatusView(null, true, null, hosts, vms, ViolationsResource.views(session), List.of());
    }

    static StatusView.VmView toView(ClusterPicture.VmRow vm) {
        return new StatusView.VmView(vm.name(), vm.state().name(), vm.host(), vm.ha(), vm.message() == null ? null
                : new StatusView.ReasonView(vm.reasonCode(), vm.message()));
    }

    static StatusView.ActionView toView(JournalEntry e) {
        return new StatusView.ActionView(e.actionKey, e.type, e.subject, e.actor, e.ruleId, e.reason, e.status.name(),
                e.outcomeMessage, e.recordedAt, e.completedAt);
    }
}
