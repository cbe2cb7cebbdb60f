package io.lifeboat.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lifeboat.actions.ActionStatus;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;

/**
 * Which journal entries to read; a null criterion matches everything. {@code cluster} keeps one cluster's entries and
 * the deployment's (policy reloads, user changes), which concern every cluster; {@code from} is inclusive, {@code to}
 * not.
 */
public record JournalFilter(String cluster, String subject, String type, String actor, String rule, ActionStatus status,
                            Instant from, Instant to) {

    /** The matching entries, newest first. */
    public PanacheQuery<JournalEntry> find() {
        List<String> where = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (cluster != null) {
            where.add("(cluster = :cluster or cluster is null)");
            parameters.put("cluster", cluster);
        }
        equal(where, parameters, "subject", subject);
        equal(where, parameters, "type", type);
        equal(where, parameters, "actor", actor);
        equal(where, parameters, "ruleId", rule);
        equal(where, parameters, "status", status);
        if (from != null) {
            where.add("recordedAt >= :from");
            parameters.put("from", from);
        }
        if (to != null) {
            where.add("recordedAt < :to");
            parameters.put("to", to);
        }
        Sort newestFirst = Sort.descending("id");
        return where.isEmpty() ? JournalEntry.findAll(newestFirst)
                : JournalEntry.find(String.join(" and ", where), newestFirst, parameters);
    }

    private static void equal(List<String> where, Map<String, Object> parameters, String field, Object value) {
        if (value != null) {
            where.add(field + " = :" + field);
            parameters.put(field, value);
        }
    }
}
