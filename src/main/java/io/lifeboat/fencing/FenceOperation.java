package io.lifeboat.fencing;

/** What a fence agent is asked to do; {@link #action()} is the word sent as {@code action=}. */
public enum FenceOperation {
    OFF("off"),
    ON("on"),
    REBOOT("reboot"),
    STATUS("status"),
    MONITOR("monitor");

    private final String action;

    FenceOperation(String action) {
        this.action = action;
    }

    public String action() {
        return action;
    }
}
