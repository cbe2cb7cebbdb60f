package io.lifeboat.actions;

/** Carries out one type of action through a plugin. Runs off the policy loop, under the dispatcher's timeout. */
public interface ActionHandler<A extends Action> {

    Class<A> handles();

    /** Does the work and says how it went; an exception counts as FAILED with its message. */
    ActionOutcome execute(A action) throws Exception;
}
