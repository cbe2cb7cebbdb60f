package io.lifeboat.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.lifeboat.fencing.FenceAgentCatalogue;
import io.lifeboat.fencing.FenceAgentMetadata;
import io.lifeboat.fencing.FenceParameterNames;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The fence agents installed where Lifeboat runs, and the parameters a device of each takes (from its metadata). */
@Path("/api/v1/fence-agents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Blocking
public class FenceAgentResource {
    @Inject
    FenceAgentCatalogue catalogue;

    /** {@code problem} says why an installed agent could not describe itself (then it has no parameters). */
    public record AgentView(String name, String description, List<ParameterView> parameters,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {
    }

    /**
     * A parameter a device may set: {@code required} when the agent needs it and has no default for it, {@code secret}
     * when its value is never shown back, {@code options} the choices of a {@code select}.
     */
    public record ParameterView(String name, boolean required, String type,
                                @JsonProperty("default") String defaultValue, String description, boolean secret,
                                List<String> options) {
    }

    @GET
    @Operation(summary = "The installed fence agents, each with the parameters a device of it takes")
    @APIResponse(responseCode = "200", description = "Every installed agent; one that cannot describe itself says why in `problem`")
    @APIResponse(responseCode = "401", description = "No credentials")
    @APIResponse(responseCode = "403", description = "Not a viewer")
    public List<AgentView> list() {
        List<AgentView> agents = new ArrayList<>();
        for (String name : catalogue.installed()) {
            try {
                catalogue.metadata(name).ifPresent(metadata -> agents.add(view(name, metadata)));
            } catch (IllegalStateException e) {
                agents.add(new AgentView(name, null, List.of(), e.getMessage()));
            }
        }
        return agents;
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One installed fence agent and the parameters a device of it takes")
    @APIResponse(responseCode = "200", description = "The agent as its -o metadata describes it")
    @APIResponse(responseCode = "404", description = "UNKNOWN_FENCE_AGENT: no such agent is installed")
    @APIResponse(responseCode = "502", description = "FENCE_AGENT_FAILED: the agent is installed but cannot describe itself")
    @APIResponse(responseCode = "401", description = "No credentials")
    @APIResponse(responseCode = "403", description = "Not a viewer")
    public AgentView agent(@PathParam("name") String name) {
        Optional<FenceAgentMetadata> metadata;
        try {
            metadata = catalogue.metadata(name);
        } catch (IllegalStateException e) {
            throw new ApiException(502, "FENCE_AGENT_FAILED", e.getMessage(), null);
        }
        return metadata.map(m -> view(name, m)).orElseThrow(() ->
                ApiException.notFound("UNKNOWN_FENCE_AGENT", "no fence agent " + name + " is installed"));
    }

    private static AgentView view(String name, FenceAgentMetadata metadata) {
        return new AgentView(name, metadata.shortdesc(), FenceAgentCatalogue.settable(metadata).stream()
                .map(p -> new ParameterView(p.name(), FenceAgentCatalogue.mustBeGiven(p), p.type(), p.defaultValue(),
                        p.description(), FenceParameterNames.isSecret(p.name()), p.options()))
                .toList(), null);
    }
}
