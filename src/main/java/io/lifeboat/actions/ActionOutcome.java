package io.lifeboat.actions;

/** What a plugin reported for one action. */
public record ActionOutcome(String actionKey, ActionStatus status, String message) {

    public ActionOutcome {
        if (!status.isFinished()) {
            throw new IllegalArgumentException("an outcome must be final, not " + status);
        }
    }

    public static ActionOutcome succeeded(String key, String message) {
        return new ActionOutcome(key, ActionStatus.SUCCEEDED, message);
    }

    public static ActionOutcome failed(String key, String message) {
        return new ActionOutcome(key, ActionStatus.FAILED, message);
    }
}
