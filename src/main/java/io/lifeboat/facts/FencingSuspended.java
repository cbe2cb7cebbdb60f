package io.lifeboat.facts;

/** Too many hosts went silent at once: it is more likely Lifeboat's own network than the hosts, so no fencing. */
public record FencingSuspended(long silentHosts, long allHosts, double share) {
}
