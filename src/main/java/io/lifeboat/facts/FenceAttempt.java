package io.lifeboat.facts;

/**
 * The fence sequence a silent host is in: attempt 1 tries its levels in order, and when every level failed, attempt 2
 * starts over from level 1 after a backoff, and so on (stated by the rules, one per host).
 */
public record FenceAttempt(String host, int number) {
}
