package io.lifeboat.fencing;

import java.time.Duration;
import java.util.List;

import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.PowerLedger;

/**
 * Fences a host through one level: runs the level's agent with {@code action=off} and, on success, records the host
 * as confirmed off in the ledger the VM starts are checked against.
 */
public class FenceHostHandler implements ActionHandler<FenceHost> {
    private final FenceAgents runner;
    private final FenceDeviceDirectory devices;
    private final PowerLedger ledger;
    private final Duration agentTimeout;

    public FenceHostHandler(FenceAgents runner, FenceDeviceDirectory devices, PowerLedger ledger,
                            Duration agentTimeout) {
        this.runner = runner;
        this.devices = devices;
        this.ledger = ledger;
        this.agentTimeout = agentTimeout;
    }

    @Override
    public Class<FenceHost> handles() {
        return FenceHost.class;
    }

    @Override
    public ActionOutcome execute(FenceHost fence) {
        List<FenceDeviceParams> level = devices.devices(fence.getHost(), fence.getLevel());
        if (level.isEmpty()) {
            return ActionOutcome.failed(fence.getKey(), "no fence level " + fence.getLevel() + " is configured for "
                    + fence.getHost());
        }
        FenceResult result = runner.run(fence.getAgent(), FenceOperation.OFF, level.get(0).params(), agentTimeout);
        if (result.succeeded()) {
            // Trust the device, not the agent's exit code alone: the host counts as off only if its status says so.
            FenceResult status = runner.run(fence.getAgent(), FenceOperation.STATUS, level.get(0).params(), agentTimeout);
            if (status.succeeded() && status.power() == FenceResult.PowerState.OFF) {
                ledger.confirmOff(fence.getHost());
                return ActionOutcome.succeeded(fence.getKey(), result.message());
            }
            return ActionOutcome.failed(fence.getKey(), "the agent reported " + result.message()
                    + " but the status is " + status.power() + " (" + status.message() + ")");
        }
        ActionStatus status = result.outcome() == FenceResult.Outcome.TIMED_OUT
                ? ActionStatus.TIMED_OUT : ActionStatus.FAILED;
        return new ActionOutcome(fence.getKey(), status, result.message());
    }
}
