package io.lifeboat.api;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.lifeboat.facts.Severity;
import io.lifeboat.facts.Violation;
import io.lifeboat.policy.PolicySession;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The support and capacity violations the live policy finds now (they disappear when fixed). */
@Path("/api/v1/violations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ViolationsResource {
    @Inject
    ClusterScope scope;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Current violations, filtered by severity, code and subject (all optional)")
    @APIResponse(responseCode = "200", description = "Violations, most severe first")
    @APIResponse(responseCode = "400", description = "Unknown severity (code BAD_SEVERITY, field severity)")
    public List<StatusView.ViolationView> violations(@QueryParam("severity") String severity,
                                                     @QueryParam("code") String code,
                                                     @QueryParam("subject") String subject) {
        Severity wanted = severity == null ? null : parse(severity);
        var loop = scope.managed();
        if (loop.isEmpty()) {
            return List.of();
        }
        return loop.get().read(ViolationsResource::views).stream()
                .filter(v -> wanted == null || v.severity().equals(wanted.name()))
                .filter(v -> code == null || v.code().equals(code))
                .filter(v -> subject == null || v.subject().equals(subject))
                .toList();
    }

    private static Severity parse(String severity) {
        try {
            return Severity.valueOf(severity.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "BAD_SEVERITY", "severity is one of " + List.of(Severity.values()), "severity");
        }
    }

    /** Reads the violations of a session; runs on the policy loop's thread. */
    static List<StatusView.ViolationView> views(PolicySession session) {
        return session.facts(Violation.class).stream()
                .sorted(Comparator.comparing(Violation::getSeverity).thenComparing(Violation::getCode)
                        .thenComparing(Violation::getSubject))
                .map(v -> new StatusView.ViolationView(v.getCode(), v.getSeverity().name(), v.getSubject(),
                        v.getRuleId(), v.getMessage()))
                .toList();
    }
}
