package io.lifeboat.facts;

import java.time.Instant;

/**
 * Every level of a silent host's fence attempt failed: the next attempt starts {@code delayMillis} later, at {@code at}
 * (derived logically, so it goes when the host answers or is confirmed off).
 */
public record FenceRetry(String host, int failedAttempt, long delayMillis, Instant at) {
}
