package io.lifeboat.facts;

/**
 * A silent host that cannot be fenced now (no device, or every level of its fence attempt failed and the next waits
 * for its backoff): its VMs must not start elsewhere.
 */
public record FencingBlocked(String host, String reason) {
}
