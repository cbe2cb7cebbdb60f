package io.lifeboat.fencing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks every fence device of a host for its power status, without changing it: an operator's way to learn, before
 * a failure, that an address, a password or a port is wrong.
 */
public final class FenceDeviceCheck {
    private final FenceAgents agents;
    private final FenceDeviceDirectory devices;
    private final Duration timeout;

    /** One device's answer: the outcome of {@code status}, the power it reports, the agent's message (no secret). */
    public record DeviceStatus(int level, int device, String agent, FenceResult.Outcome outcome,
                               FenceResult.PowerState power, String message, long tookMillis) {
    }

    public FenceDeviceCheck(FenceAgents agents, FenceDeviceDirectory devices, Duration timeout) {
        this.agents = agents;
        this.devices = devices;
        this.timeout = timeout;
    }

    public List<DeviceStatus> check(String host, List<Integer> levels) {
        List<DeviceStatus> statuses = new ArrayList<>();
        for (int level : levels) {
            List<FenceDeviceParams> levelDevices = devices.devices(host, level);
            for (int i = 0; i < levelDevices.size(); i++) {
                FenceDeviceParams device = levelDevices.get(i);
                FenceResult result = agents.run(device.agent(), FenceOperation.STATUS, device.params(), timeout);
                statuses.add(new DeviceStatus(level, i + 1, device.agent(), result.outcome(), result.power(),
                        result.message(), result.took().toMillis()));
            }
        }
        return statuses;
    }
}
