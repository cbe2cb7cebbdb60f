package io.lifeboat.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.lifeboat.facts.Host;
import io.lifeboat.facts.Vm;
import io.lifeboat.policy.ClusterPicture;
import io.lifeboat.policy.FiringLog;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.store.JournalEntry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * "Why is this VM where it is, or why is it not running?": its state, the blocked reason if any, the chain of rules
 * that fired about it (with the facts they matched) and the journalled actions about it. The same for a host.
 */
@Path("/api/v1/explain")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ExplainResource {
    @Inject
    ClusterScope scope;

    public record Explanation(String subject, String state, String host, StatusView.ReasonView reason,
                              List<Step> chain, List<StatusView.ActionView> actions) {
    }

    /** One rule firing in the chain; {@code at} is when it fired. */
    public record Step(Instant at, String rule, String ruleName, List<String> matched) {
    }

    private record Live(String state, String host, StatusView.ReasonView reason, List<FiringLog.Firing> chain) {
    }

    @GET
    @Path("/vm/{name}")
    @Transactional
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Why a VM is where it is, or why it does not run")
    @APIResponse(responseCode = "404", description = "UNKNOWN_VM, or NOT_MANAGING when no cluster is loaded")
    public Explanation vm(@PathParam("name") String name) {
        Live live = query(s -> vm(s, name)).orElseThrow(() -> ApiException.notFound("UNKNOWN_VM", "no VM named " + name));
        return explanation("vm/" + name, live);
    }

    @GET
    @Path("/host/{name}")
    @Transactional
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Why a host is in its state")
    @APIResponse(responseCode = "404", description = "UNKNOWN_HOST, or NOT_MANAGING when no cluster is loaded")
    public Explanation host(@PathParam("name") String name) {
        Live live = query(s -> host(s, name)).orElseThrow(() -> ApiException.notFound("UNKNOWN_HOST", "no host named " + name));
        return explanation("host/" + name, live);
    }

    private Optional<Live> query(java.util.function.Function<PolicySession, Optional<Live>> question) {
        return scope.loop().read(question);
    }

    /**
     * The VM as the status shows it (its picture), where it last ran, and the rules that concern it: its own and its
     * host's (a VM is blocked or moved because of what happened to its host), in the order they fired.
     */
    private static Optional<Live> vm(PolicySession session, String name) {
        return session.facts(Vm.class).stream().filter(v -> v.getName().equals(name)).findFirst().map(vm -> {
            StatusView.VmView view = StatusResource.toView(ClusterPicture.of(session).vm(vm));
            List<FiringLog.Firing> chain = new ArrayList<>(session.firingsOf("vm/" + name));
            if (vm.getHost() != null) {
                chain.addAll(session.firingsOf("host/" + vm.getHost()));
                chain.sort(Comparator.comparingLong(FiringLog.Firing::at));
            }
            return new Live(view.state(), vm.getHost(), view.reason(), chain);
        });
    }

    private static Optional<Live> host(PolicySession session, String name) {
        return session.facts(Host.class).stream().anyMatch(h -> h.getName().equals(name))
                ? Optional.of(ClusterPicture.of(session).host(name)).map(h -> new Live(h.state().name(), null,
                        h.reason() == null ? null : new StatusView.ReasonView(h.state().name(), h.reason()),
                        session.firingsOf("host/" + name)))
                : Optional.empty();
    }

    private Explanation explanation(String subject, Live live) {
        List<Step> chain = live.chain().stream()
                .map(f -> new Step(Instant.ofEpochMilli(f.at()), f.ruleId(), f.ruleName(), f.facts())).toList();
        List<StatusView.ActionView> actions = JournalEntry.<JournalEntry>list("subject = ?1 and cluster = ?2 order by id desc", subject,
                        scope.cluster())
                .stream().limit(50).map(StatusResource::toView).toList();
        return new Explanation(subject, live.state(), live.host(), live.reason(), chain, actions);
    }
}
