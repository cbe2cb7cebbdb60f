package io.lifeboat.facts;

import java.time.Instant;

/**
 * Every level of a silent host's fence attempt failed: the next attempt starts at {@code at}, the last failure plus the
 * backoff, which is {@code delayMillis} after this fact was derived (derived logically, so it goes when the host answers
 * or is confirmed off).
 */
public record FenceRetry(String host, int failedAttempt, long delayMillis, Instant at) {
}
