package io.lifeboat.facts;

/**
 * Derived: a silent host waits {@code remainingMillis} (from this fact's derivation) before it may be fenced, what is
 * left of the cluster's fencing grace since the host was declared unresponsive.
 */
public record FencingGrace(String host, long remainingMillis) {
}
