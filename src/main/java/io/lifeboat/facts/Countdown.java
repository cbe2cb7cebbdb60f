package io.lifeboat.facts;

/**
 * A fact whose rule timer counts from the moment the fact first entered the session. When a reload replays the
 * session's facts under new rules, it inserts such a fact again with the time already counted, so that its timer keeps
 * its first deadline instead of starting over (or firing at once).
 */
public interface Countdown {
    /** When the count started, in epoch milliseconds of session time. */
    long countingSinceMillis();

    /** The same fact inserted again at {@code nowMillis}: its timer then runs only for what was left of it. */
    Countdown resumedAt(long nowMillis);
}
