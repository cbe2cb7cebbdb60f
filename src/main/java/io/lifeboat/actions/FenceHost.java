package io.lifeboat.actions;

import io.lifeboat.facts.FenceDevice;

/** Power a host off through one fence level. */
public final class FenceHost extends Action {
    private final String host;
    private final int level;
    private final String agent;

    public FenceHost(FenceDevice device, String reason) {
        super(reason);
        this.host = device.host();
        this.level = device.level();
        this.agent = device.agent();
    }

    @Override public ActionType getType() { return ActionType.FENCE_HOST; }
    @Override public String getSubject() { return "host/" + host; }
    public String getHost() { return host; }
    public int getLevel() { return level; }
    public String getAgent() { return agent; }
}
