package io.lifeboat.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.lifeboat.policy.RunawayRulesException;
import io.lifeboat.reload.PolicyManager;
import io.lifeboat.simulate.Plan;
import io.lifeboat.simulate.ScenarioException;
import io.lifeboat.simulate.ScenarioReader;
import io.lifeboat.simulate.Simulator;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** "What would Lifeboat do?": a scenario in, a plan out, with the live rules and nothing touched (policy-docs/simulate.md). */
@Path("/api/v1/simulate")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SimulateResource {
    @Inject
    PolicyManager policies;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Simulate a scenario given as JSON")
    @APIResponse(responseCode = "200", description = "The plan")
    @APIResponse(responseCode = "400", description = "INVALID_SCENARIO, with the JSON pointer of the field at fault")
    @APIResponse(responseCode = "422", description = "RULES_DO_NOT_SETTLE: the policy keeps firing on this scenario")
    public Plan json(String scenario) {
        return simulate(scenario, ScenarioReader.Format.JSON);
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml"})
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Simulate a scenario given as YAML")
    @APIResponse(responseCode = "200", description = "The plan")
    @APIResponse(responseCode = "400", description = "INVALID_SCENARIO, with the JSON pointer of the field at fault")
    @APIResponse(responseCode = "422", description = "RULES_DO_NOT_SETTLE: the policy keeps firing on this scenario")
    public Plan yaml(String scenario) {
        return simulate(scenario, ScenarioReader.Format.YAML);
    }

    private Plan simulate(String text, ScenarioReader.Format format) {
        try {
            return new Simulator(policies.current()).run(ScenarioReader.read(text == null ? "" : text, format));
        } catch (ScenarioException e) {
            throw new ApiException(400, "INVALID_SCENARIO", e.getMessage(), e.pointer());
        } catch (RunawayRulesException e) {
            // The scenario is fine; the policy is not: it would hang the live loop the same way.
            throw new ApiException(422, "RULES_DO_NOT_SETTLE", e.getMessage(), null);
        }
    }
}
