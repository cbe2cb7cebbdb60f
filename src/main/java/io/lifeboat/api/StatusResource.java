package io.lifeboat.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.lifeboat.facts.Host;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmBlocked;
import io.lifeboat.facts.VmState;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.service.LifeboatService;
import io.lifeboat.service.PolicyManager;
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
        StatusView.PolicyView policy = new StatusView.PolicyView(policies.version(), policies.current().ruleCount(),
                policies.loadedAt(), policies.lastReload().orElse(null));
        var loop = service.loop();
        if (loop.isEmpty()) {
            return new StatusView(null, false, policy, List.of(), List.of(), List.of(), recent);
        }
        StatusView live = loop.get().read(StatusResource::snapshot);
        return new StatusView(service.cluster().orElse(null), true, policy, live.hosts(), live.vms(),
                live.violations(), recent);
    }

    /** Runs on the policy loop's thread: reads the facts, copies them out. */
    private static StatusView snapshot(PolicySession session) {
        List<Vm> vms = session.facts(Vm.class);
        Map<String, VmBlocked> blocked = session.facts(VmBlocked.class).stream()
                .collect(Collectors.toMap(VmBlocked::vm, Function.identity(), (a, b) -> a));
        List<StatusView.HostView> hosts = session.facts(Host.class).stream()
                .sorted(Comparator.comparing(Host::getName))
                .map(h -> {
                    List<Vm> running = vms.stream()
                            .filter(v -> v.getState() == VmState.RUNNING && h.getName().equals(v.getHost())).toList();
                    return new StatusView.HostView(h.getName(), h.getState().name(), h.getMemoryMiB(),
                            running.stream().mapToLong(Vm::getMemoryMiB).sum(), h.getCpus(),
                            running.stream().mapToInt(Vm::getVcpus).sum());
                }).toList();
        List<StatusView.VmView> vmViews = vms.stream().sorted(Comparator.comparing(Vm::getName))
                .map(v -> toView(v, blocked.get(v.getName()))).toList();
        return new StatusView(null, true, null, hosts, vmViews, ViolationsResource.views(session), List.of());
    }

    private static StatusView.VmView toView(Vm vm, VmBlocked blocked) {
        if (blocked != null) {
            return new StatusView.VmView(vm.getName(), "BLOCKED", null, vm.isHa(),
                    new StatusView.ReasonView(blocked.code().name(), blocked.message()));
        }
        String host = vm.getState() == VmState.RUNNING ? vm.getHost() : null;
        return new StatusView.VmView(vm.getName(), vm.getState().name(), host, vm.isHa(), null);
    }

    static StatusView.ActionView toView(JournalEntry e) {
        return new StatusView.ActionView(e.actionKey, e.type, e.subject, e.actor, e.ruleId, e.reason, e.status.name(),
                e.outcomeMessage, e.recordedAt, e.completedAt);
    }
}
