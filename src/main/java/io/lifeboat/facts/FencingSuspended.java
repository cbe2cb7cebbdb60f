package io.lifeboat.facts;

/**
 * Too many hosts went silent at once: it is more likely Lifeboat's own network than the hosts, so no fencing.
 *
 * @param liveHosts the hosts that were live: neither fenced nor in maintenance (the silent ones among them)
 */
public record FencingSuspended(long silentHosts, long liveHosts, double share) {
}
