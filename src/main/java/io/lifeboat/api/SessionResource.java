package io.lifeboat.api;

import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The dashboard's login: {@code POST /j_security_check} (form fields {@code j_username}, {@code j_password}) sets an
 * encrypted, HTTP-only, same-site cookie; this says who it belongs to and ends it. The API's other callers keep using
 * basic or bearer credentials.
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    @Inject
    SecurityIdentity identity;

    /** Who is logged in, with every role they hold (implied ones included). */
    public record Session(String user, Set<String> roles) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Who the caller is and which roles they hold: what the dashboard shows and offers")
    @APIResponse(responseCode = "200", description = "The user and their roles")
    public Session current() {
        return new Session(identity.getPrincipal().getName(), new TreeSet<>(identity.getRoles()));
    }

    @POST
    @Path("/logout")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "End the dashboard's login: its cookie is cleared (basic and bearer callers have none)")
    @APIResponse(responseCode = "204", description = "Logged out")
    public void logout() {
        FormAuthenticationMechanism.logout(identity);
    }
}
