package io.lifeboat.facts;

import java.time.Duration;
import java.time.Instant;

/**
 * Lifeboat started managing the cluster at {@code since}: no fence attempt starts for {@code length}, so that its view
 * of the hosts can form first. Inserted when the session is built; a timer rule deletes it.
 */
public record FencingStartupGrace(Instant since, Duration length) {

    public Instant until() {
        return since.plus(length);
    }

    /** The length in milliseconds, the unit Drools timers take. */
    public long lengthMillis() {
        return length.toMillis();
    }
}
