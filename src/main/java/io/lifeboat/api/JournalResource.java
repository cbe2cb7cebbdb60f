package io.lifeboat.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.lifeboat.actions.ActionStatus;
import io.lifeboat.store.JournalEntry;
import io.lifeboat.store.JournalFilter;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The journal, newest first: Lifeboat's actions, policy reloads, operators' requests and changes, with who asked. */
@Path("/api/v1/journal")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JournalResource {
    static final int MAX_SIZE = 500;
    private static final int DEFAULT_SIZE = 50;

    /** One page of entries; {@code total} counts every match. */
    public record JournalPage(long total, int page, int size, List<StatusView.ActionView> entries) {
    }

    @Inject
    ClusterScope scope;

    @GET
    @Transactional
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Journal entries, newest first, paged (page from 0, size up to 500) and filtered by subject, "
            + "type, user, rule, outcome and a time range [from, to) of ISO-8601 instants")
    @APIResponse(responseCode = "200", description = "One page, and the total of matching entries")
    @APIResponse(responseCode = "400", description = "BAD_PARAMETER, naming the parameter")
    public JournalPage journal(@QueryParam("page") String page, @QueryParam("size") String size,
                               @QueryParam("subject") String subject, @QueryParam("type") String type,
                               @QueryParam("user") String user, @QueryParam("rule") String rule,
                               @QueryParam("outcome") String outcome,
                               @QueryParam("from") String from, @QueryParam("to") String to) {
        int pageIndex = QueryParameters.wholeNumber("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = QueryParameters.wholeNumber("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
        Instant since = parse("from", from, JournalResource::instant);
        Instant until = parse("to", to, JournalResource::instant);
        if (since != null && until != null && until.isBefore(since)) {
            throw QueryParameters.bad("to", "to is before from");
        }
        PanacheQuery<JournalEntry> query = new JournalFilter(scope.isNamed() ? scope.cluster() : null, subject, type, user, rule,
                parse("outcome", outcome, JournalResource::status), since, until).find();
        List<StatusView.ActionView> entries = query.page(Page.of(pageIndex, pageSize)).list().stream()
                .map(StatusResource::toView).toList();
        return new JournalPage(query.count(), pageIndex, pageSize, entries);
    }

    private static <T> T parse(String name, String text, Function<String, T> parser) {
        try {
            return text == null ? null : parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw QueryParameters.bad(name, e.getMessage());
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 instant such as 2026-01-31T12:00:00Z: " + text);
        }
    }

    private static ActionStatus status(String text) {
        try {
            return ActionStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome is one of " + List.of(ActionStatus.values()));
        }
    }
}
