package io.lifeboat.placement;

import java.util.List;
import java.util.Map;

/**
 * What batch placement decided.
 *
 * @param targets VM to host, in placement order (higher priority first)
 * @param unplaced the VMs left without a host, in the same order
 * @param method how the assignment was found, for explanations
 * @param provenBest whether no assignment places more VMs (priority by priority): the search finished, or every VM
 *        found a host
 */
public record Assignment(Map<String, String> targets, List<String> unplaced, String method, boolean provenBest) {
    /** Nothing to place. */
    public static final Assignment NONE = new Assignment(Map.of(), List.of(), "nothing to place", true);
}
