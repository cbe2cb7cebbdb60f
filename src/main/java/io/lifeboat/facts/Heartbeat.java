package io.lifeboat.facts;

/**
 * A sign of life from a host. Events are numbered by the loop in arrival order, so "newer" never depends on two
 * heartbeats landing in different milliseconds.
 */
public record Heartbeat(String host, long seq) {
}
