package io.lifeboat.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.lifeboat.policy.RuleInfo;
import io.lifeboat.policy.RuleSource;
import io.lifeboat.policy.ValidationReport;
import io.lifeboat.reload.PolicyManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The policy for its authors: what is live (viewer), checking DRL off to the side, reloading and rule files (policy-admin). */
@Path("/api/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PolicyResource {
    @Inject
    PolicyManager policies;
    @Inject
    SecurityIdentity identity;

    public record PolicyView(long version, Instant loadedAt, List<RuleInfo> rules, List<String> overrides,
                             PolicyManager.ReloadReport lastReload) {
    }

    /** Files to check: each replaces the operator file of the same name, or is added. */
    public record Candidates(List<CandidateFile> files) {
    }

    public record CandidateFile(String name, String drl) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The live policy: version, every rule with its metadata and file, and the newest reload")
    public PolicyView current() {
        var live = policies.current();
        return new PolicyView(policies.version(), policies.loadedAt(), live.rules(), live.overridden(),
                policies.lastReload().orElse(null));
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.TEXT_PLAIN)
    @RolesAllowed(Roles.POLICY_ADMIN)
    @Operation(summary = "Check one DRL file against the live policy, without loading it")
    @APIResponse(responseCode = "200", description = "The report: valid, or every error with file, line and rule")
    public ValidationReport validate(String drl, @QueryParam("name") @DefaultValue("candidate.drl") String name) {
        return policies.validate(List.of(candidate(name, drl)));
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.POLICY_ADMIN)
    @Operation(summary = "Check a set of DRL files against the live policy, without loading them")
    public ValidationReport validateFiles(Candidates candidates) {
        if (candidates == null || candidates.files() == null || candidates.files().isEmpty()) {
            throw new ApiException(400, "NO_FILES", "give at least one file", "/files");
        }
        List<RuleSource> sources = new java.util.ArrayList<>();
        for (int i = 0; i < candidates.files().size(); i++) {
            CandidateFile file = candidates.files().get(i);
            if (file == null || file.drl() == null) {
                throw new ApiException(400, "NO_DRL", "every file needs its drl text", "/files/" + i + "/drl");
            }
            sources.add(candidate(file.name(), file.drl(), "/files/" + i + "/name"));
        }
        return policies.validate(sources);
    }

    @POST
    @Path("/reload")
    @RolesAllowed(Roles.POLICY_ADMIN)
    @Operation(summary = "Recompile the shipped policy and the rules directory; only a clean compile goes live")
    @APIResponse(responseCode = "200", description = "The new policy is live, facts kept")
    @APIResponse(responseCode = "422", description = "The rules do not compile; the live policy is unchanged")
    public RestResponse<PolicyManager.ReloadReport> reload() {
        return answer(policies.reload("api", actor()));
    }

    @PUT
    @Path("/files/{name}")
    @Consumes(MediaType.TEXT_PLAIN)
    @RolesAllowed(Roles.POLICY_ADMIN)
    @Operation(summary = "Write an operator rule file and reload; a file that does not compile is never written")
    @APIResponse(responseCode = "200", description = "Written and live")
    @APIResponse(responseCode = "422", description = "Refused: it does not compile; nothing changed")
    public RestResponse<PolicyManager.ReloadReport> upload(@PathParam("name") String name, String drl) {
        requireRulesDir();
        checkName(name, "name");
        return answer(policies.upload(name, drl == null ? "" : drl, actor()));
    }

    @DELETE
    @Path("/files/{name}")
    @RolesAllowed(Roles.POLICY_ADMIN)
    @Operation(summary = "Delete an operator rule file and reload")
    public RestResponse<PolicyManager.ReloadReport> delete(@PathParam("name") String name) {
        requireRulesDir();
        checkName(name, "name");
        return policies.delete(name, actor()).map(PolicyResource::answer)
                .orElseThrow(() -> ApiException.notFound("NO_SUCH_RULE_FILE", "no rule file " + name));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private void requireRulesDir() {
        try {
            policies.rulesDir();
        } catch (IllegalStateException e) {
            throw new ApiException(409, "NO_RULES_DIR", e.getMessage(), null);
        }
    }

    private static RestResponse<PolicyManager.ReloadReport> answer(PolicyManager.ReloadReport report) {
        return RestResponse.ResponseBuilder.<PolicyManager.ReloadReport>create(report.applied() ? 200 : 422)
                .entity(report).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static RuleSource candidate(String name, String drl) {
        return candidate(name, drl, "name");
    }

    private static RuleSource candidate(String name, String drl, String field) {
        checkName(name, field);
        return new RuleSource("operator/" + name, drl == null ? "" : drl);
    }

    private static void checkName(String name, String field) {
        try {
            PolicyManager.checkedName(name);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "BAD_FILE_NAME", e.getMessage(), field);
        }
    }
}
