package io.lifeboat.actions;

import io.lifeboat.facts.FenceDevice;

/** Power a host off through one fence level, as part of one fence attempt (a pass over the host's levels). */
public final class FenceHost extends Action {
    private final String host;
    private final int level;
    private final String agent;
    private final int devices;
    private final int attempt;

    public FenceHost(FenceDevice device, int attempt, String reason) {
        super(reason);
        this.host = device.host();
        this.level = device.level();
        this.agent = device.agent();
        this.devices = device.devices();
        this.attempt = attempt;
    }

    @Override public ActionType getType() { return ActionType.FENCE_HOST; }
    @Override public String getSubject() { return "host/" + host; }
    public String getHost() { return host; }
    public int getLevel() { return level; }
    public String getAgent() { return agent; }
    /** How many devices the level had when the rules decided: each must switch off, then report OFF. */
    public int getDevices() { return devices; }
    /** Which pass over the host's levels this is: 1, then one more each time every level failed. */
    public int getAttempt() { return attempt; }
}
