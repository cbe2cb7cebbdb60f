package io.lifeboat.facts;

/**
 * An operator says a silent host is powered off (like {@code fence_ack_manual}): the rules take it as a fence success
 * for a host that is silent and not confirmed off yet, and refuse it otherwise.
 *
 * @param by who said so (the API user)
 */
public record FenceAcknowledged(String host, String by) {
}
