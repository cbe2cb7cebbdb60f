package io.lifeboat.facts;

import java.time.Duration;
import java.time.Instant;

/**
 * Lifeboat started managing the cluster at {@code since}: no fence attempt starts for {@code length}, so that its view
 * of the hosts can form first. Inserted when the session is built; a timer rule deletes it.
 *
 * @param countedMillis how much of the length had already passed when this fact was inserted (0 unless a reload
 *                      replayed it; negative when the replay inserted it before {@code since})
 */
public record FencingStartupGrace(Instant since, Duration length, long countedMillis) implements Countdown {

    public FencingStartupGrace(Instant since, Duration length) {
        this(since, length, 0);
    }

    public Instant until() {
        return since.plus(length);
    }

    /** What the startup-grace timer waits from this fact's insertion, in milliseconds (the unit Drools timers take). */
    public long remainingMillis() {
        return Math.max(0, length.toMillis() - countedMillis);
    }

    @Override
    public long countingSinceMillis() {
        return since.toEpochMilli();
    }

    @Override
    public FencingStartupGrace resumedAt(long nowMillis) {
        return new FencingStartupGrace(since, length, nowMillis - countingSinceMillis());
    }
}
