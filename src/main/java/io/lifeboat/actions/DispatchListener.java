package io.lifeboat.actions;

import java.time.Duration;

/**
 * Told what the live dispatcher does (the metrics count it). Simulations get {@link #NONE}: a plan is not something
 * done to the cluster. Called from the loop thread ({@link #decided}) and dispatcher threads ({@link #finished}).
 */
public interface DispatchListener {
    DispatchListener NONE = new DispatchListener() { };

    /** A rule decided this action, and it goes to be carried out. */
    default void decided(Action action) {
    }

    /** The action's outcome, and how long its plugin took (journal writes aside). */
    default void finished(Action action, ActionOutcome outcome, Duration took) {
    }
}
