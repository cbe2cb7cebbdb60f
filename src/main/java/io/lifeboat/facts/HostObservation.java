package io.lifeboat.facts;

import java.util.Set;

/** What a host's hypervisor reported at its newest probe: the domains running there (one fact per host). */
public record HostObservation(String host, Set<String> running) {
}
