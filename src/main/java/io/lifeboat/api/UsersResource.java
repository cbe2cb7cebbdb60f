package io.lifeboat.api;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.lifeboat.security.UserAccounts;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The API users (role admin): names and roles out, passwords only in. Every change is journalled with its author. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class UsersResource {
    @Inject
    UserAccounts users;
    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Every user with its roles (never a password or its hash)")
    public List<UserAccounts.UserView> list() {
        return users.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a user: {name, password (8 characters or more), roles}")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "400", description = "INVALID_USER, with the field at fault (/name, /password, /roles/N)")
    @APIResponse(responseCode = "409", description = "USER_EXISTS")
    public RestResponse<UserAccounts.UserView> add(UserAccounts.NewUser user) {
        UserAccounts.UserView added = users.add(user, actor());
        return RestResponse.ResponseBuilder.<UserAccounts.UserView>created(URI.create("/api/v1/users/" + added.name()))
                .entity(added).build();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a user's password, roles, or both: {password, roles}")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "INVALID_USER with the field at fault, or NOTHING_TO_CHANGE")
    @APIResponse(responseCode = "404", description = "UNKNOWN_USER")
    @APIResponse(responseCode = "409", description = "LAST_ADMIN: the admin role of the last admin stays")
    public UserAccounts.UserView change(@PathParam("name") String name, UserAccounts.UserChange change) {
        return users.change(name, change, actor());
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove a user")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "UNKNOWN_USER")
    @APIResponse(responseCode = "409", description = "LAST_ADMIN: the last admin stays")
    public RestResponse<Void> remove(@PathParam("name") String name) {
        users.remove(name, actor());
        return RestResponse.noContent();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
