package io.lifeboat.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.lifeboat.config.ConfigurationException;
import io.lifeboat.service.ClusterConfiguration.Applied;
import io.lifeboat.service.ClusterConfiguration;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Plan;
import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.lifeboat.simulate.Scenario.EventSpec;
import io.lifeboat.simulate.ScenarioException;
import io.lifeboat.simulate.ScenarioReader;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The managed cluster as one declarative document (the simulate scenario schema without events, plus each host's
 * libvirt URI): read it, apply it whole, change its settings, and ask what would happen from the live state.
 */
@Path("/api/v1/cluster")
@Blocking
public class ClusterResource {
    static final String YAML = "application/yaml";
    private static final ObjectMapper YAML_WRITER = new YAMLMapper();

    @Inject
    ClusterScope scope;
    @Inject
    ClusterConfiguration configuration;
    @Inject
    SecurityIdentity identity;

    /** The body of a what-if: the events of a scenario, applied to the live cluster. */
    public record WhatIf(List<EventSpec> events) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The cluster document as stored, fence secrets masked, VMs where they run now; ETag = version")
    @APIResponse(responseCode = "200", description = "The document")
    @APIResponse(responseCode = "404", description = "NO_CLUSTER")
    public RestResponse<ClusterDocument> get() {
        ClusterConfiguration.Versioned current = current();
        return RestResponse.ResponseBuilder.ok(current.document()).tag(ConfigurationRequests.etag(current.version())).build();
    }

    @GET
    @Produces({YAML, "application/x-yaml", "text/yaml"})
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The cluster document as YAML")
    @APIResponse(responseCode = "200", description = "The document")
    @APIResponse(responseCode = "404", description = "NO_CLUSTER")
    public RestResponse<String> getYaml() throws JsonProcessingException {
        ClusterConfiguration.Versioned current = current();
        return RestResponse.ResponseBuilder.ok(YAML_WRITER.writeValueAsString(current.document()), YAML)
                .tag(ConfigurationRequests.etag(current.version())).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Apply a whole cluster document (JSON); If-Match makes it conditional on the version read")
    @APIResponse(responseCode = "200", description = "Applied: the new version and the difference (none when unchanged)")
    @APIResponse(responseCode = "400", description = "INVALID_CLUSTER, INVALID_FENCE_PARAMETERS, DUPLICATE_VM_NAME: the field's JSON pointer")
    @APIResponse(responseCode = "409", description = "HOST_NOT_EVACUATED: a removed host still runs managed VMs")
    @APIResponse(responseCode = "412", description = "STALE_VERSION: If-Match names an older version")
    public RestResponse<Applied> put(String body, @RestHeader("If-Match") String ifMatch) {
        return apply(body, ScenarioReader.Format.JSON, ifMatch);
    }

    @PUT
    @Consumes({YAML, "application/x-yaml", "text/yaml"})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Apply a whole cluster document (YAML)")
    @APIResponse(responseCode = "200", description = "Applied")
    @APIResponse(responseCode = "400", description = "INVALID_CLUSTER, with the field's JSON pointer")
    @APIResponse(responseCode = "409", description = "HOST_NOT_EVACUATED")
    @APIResponse(responseCode = "412", description = "STALE_VERSION")
    public RestResponse<Applied> putYaml(String body, @RestHeader("If-Match") String ifMatch) {
        return apply(body, ScenarioReader.Format.YAML, ifMatch);
    }

    @GET
    @Path("/settings")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The cluster's settings (the document's cluster part)")
    @APIResponse(responseCode = "200", description = "The settings")
    @APIResponse(responseCode = "404", description = "NO_CLUSTER")
    public ClusterSpec settings() {
        return current().document().cluster();
    }

    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Change the cluster's settings; on an empty store this creates the cluster")
    @APIResponse(responseCode = "200", description = "Applied")
    @APIResponse(responseCode = "400", description = "INVALID_CLUSTER, with the field's JSON pointer")
    @APIResponse(responseCode = "412", description = "STALE_VERSION")
    public RestResponse<Applied> putSettings(String body, @RestHeader("If-Match") String ifMatch) {
        ClusterSpec settings;
        try {
            settings = ScenarioReader.parse(body == null ? "" : body, ScenarioReader.Format.JSON, ClusterSpec.class,
                    "the body is empty");
        } catch (ScenarioException e) {
            throw new ConfigurationException(400, "INVALID_CLUSTER", e.getMessage(), e.pointer());
        }
        try {
            return ConfigurationRequests.applied(configuration.applySettings(scope.target(), settings,
                    ConfigurationRequests.ifMatch(ifMatch), ConfigurationRequests.user(identity)), 200);
        } catch (ConfigurationException e) {
            throw e.field() != null && e.field().startsWith("/cluster")
                    ? new ConfigurationException(e.status(), e.code(), e.getMessage(), e.field().substring(8)) : e;
        }
    }

    @POST
    @Path("/what-if")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The plan for these events from the live state, through simulate; nothing is touched")
    @APIResponse(responseCode = "200", description = "The plan")
    @APIResponse(responseCode = "400", description = "INVALID_SCENARIO, with the field's JSON pointer")
    @APIResponse(responseCode = "404", description = "NO_CLUSTER")
    public Plan whatIf(String body) {
        return whatIf(body, ScenarioReader.Format.JSON);
    }

    @POST
    @Path("/what-if")
    @Consumes({YAML, "application/x-yaml", "text/yaml"})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "What-if, the events given as YAML")
    @APIResponse(responseCode = "200", description = "The plan")
    @APIResponse(responseCode = "400", description = "INVALID_SCENARIO")
    @APIResponse(responseCode = "404", description = "NO_CLUSTER")
    public Plan whatIfYaml(String body) {
        return whatIf(body, ScenarioReader.Format.YAML);
    }

    private Plan whatIf(String body, ScenarioReader.Format format) {
        WhatIf request;
        try {
            request = ScenarioReader.parse(body == null ? "" : body, format, WhatIf.class, "the body is empty");
        } catch (ScenarioException e) {
            throw new ConfigurationException(400, "INVALID_SCENARIO", e.getMessage(), e.pointer());
        }
        if (request.events() == null) {
            throw new ConfigurationException(400, "INVALID_SCENARIO", "events is required: what should happen?", "/events");
        }
        return configuration.whatIf(scope.cluster(), request.events());
    }

    private RestResponse<Applied> apply(String body, ScenarioReader.Format format, String ifMatch) {
        ClusterDocument document;
        try {
            document = ScenarioReader.parse(body == null ? "" : body, format, ClusterDocument.class, "the body is empty");
        } catch (ScenarioException e) {
            throw new ConfigurationException(400, "INVALID_CLUSTER", e.getMessage(), e.pointer());
        }
        return ConfigurationRequests.applied(configuration.apply(scope.target(), document, ConfigurationRequests.ifMatch(ifMatch),
                ConfigurationRequests.user(identity)), 200);
    }

    private ClusterConfiguration.Versioned current() {
        return configuration.export(scope.cluster()).orElseThrow(() -> new ConfigurationException(404, "NO_CLUSTER",
                "no cluster is configured yet: PUT /api/v1/cluster", null));
    }
}
