package io.lifeboat.actions;

/** Where every action is written before it is carried out, and its outcome after. */
public interface Journal {

    /** Must return only once the action is durably recorded: the dispatcher acts only after it. */
    void recordIntent(Action action);

    void recordOutcome(Action action, ActionOutcome outcome);
}
