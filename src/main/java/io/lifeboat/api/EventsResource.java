package io.lifeboat.api;

import java.time.Duration;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The cluster's status as server-sent events, for the dashboard: sent at once, then whenever it changes (read every
 * second for all listeners together, {@link StatusBroadcast}). A stream lasts {@code seconds} (300 unless asked otherwise); the browser's EventSource reconnects by itself,
 * so a login that ended or a role taken away also ends what a page sees within that time.
 */
@Path("/api/v1/events")
public class EventsResource {
    static final int MAX_SECONDS = 3600;

    @Inject
    StatusBroadcast broadcast;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The status (as GET /api/v1/status) each time it changes, for `seconds` (1 to 3600, default 300)")
    @APIResponse(responseCode = "200", description = "A stream of status events")
    @APIResponse(responseCode = "400", description = "BAD_PARAMETER (field seconds)")
    public Multi<StatusView> events(@QueryParam("seconds") @DefaultValue("300") String seconds) {
        Duration lasting = Duration.ofSeconds(seconds(seconds));
        return broadcast.follow().skip().repetitions().select().first(lasting);
    }

    private static int seconds(String value) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1 && parsed <= MAX_SECONDS) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiException(400, "BAD_PARAMETER", "seconds is a whole number from 1 to " + MAX_SECONDS, "seconds");
    }
}
