package io.lifeboat.actions;

/** Life of an action: inserted by a rule, journalled and dispatched, then one outcome. */
public enum ActionStatus {
    PENDING, DISPATCHED, SUCCEEDED, FAILED, TIMED_OUT,
    /** The dispatcher's own safety check said no (e.g. a start whose VM's last host is not confirmed off). */
    REFUSED;

    public boolean isFinished() {
        return this != PENDING && this != DISPATCHED;
    }
}
