package io.lifeboat.api;

import java.time.Duration;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
    private static final int DEFAULT_SECONDS = 300;

    @Inject
    StatusBroadcast broadcast;
    @Inject
    ClusterScope scope;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @io.smallrye.common.annotation.Blocking // which cluster is read from the store
    @Operation(summary = "The status (as GET /api/v1/status) each time it changes, for `seconds` (1 to 3600, default 300)")
    @APIResponse(responseCode = "200", description = "A stream of status events")
    @APIResponse(responseCode = "400", description = "BAD_PARAMETER (field seconds)")
    public Multi<StatusView> events(@QueryParam("seconds") String seconds) {
        Duration lasting = Duration.ofSeconds(
                QueryParameters.wholeNumber("seconds", seconds, DEFAULT_SECONDS, 1, MAX_SECONDS));
        return broadcast.follow(scope.cluster()).skip().repetitions().select().first(lasting);
    }
}
