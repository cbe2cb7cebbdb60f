package io.lifeboat.actions;

import java.time.Duration;

/** Carries out one type of action through a plugin. Runs off the policy loop, under the dispatcher's timeout. */
public interface ActionHandler<A extends Action> {

    Class<A> handles();

    /** Does the work and says how it went; an exception counts as FAILED with its message. */
    ActionOutcome execute(A action) throws Exception;

    /**
     * The longest this action may need when every step of it takes as long as its own plugin allows: the dispatcher
     * never gives it less, so its timeout cannot cut short what the plugin would still have finished.
     */
    default Duration timeNeeded(A action) {
        return Duration.ZERO;
    }
}
