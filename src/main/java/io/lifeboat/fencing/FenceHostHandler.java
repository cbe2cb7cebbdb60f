package io.lifeboat.fencing;

import java.time.Duration;
import java.util.List;

import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.PowerLedger;

/**
 * Fences a host through one level: turns every device of the level off, in order, then asks each for its status, and
 * records the host as confirmed off in the ledger the VM starts are checked against only when every device says OFF.
 * A host with two power supplies is off only when both its PDU ports are.
 *
 * <p>A level whose devices were turned off only in part is left so: Lifeboat never applies power to a host it is
 * fencing. The host may still run on its other supply (so it is not confirmed off and the next level is tried), and
 * turning a port back on could not make it any safer, only add one more agent run that may hang or fail; the ports
 * are restored with the host's repair.
 *
 * <p>The level as a whole makes up to two agent runs per device (off, then status), each bounded by the agent
 * timeout; it tells the dispatcher so ({@link #timeNeeded}), so that the dispatcher's own timeout never cuts short a
 * level whose agents are still within theirs.
 */
public class FenceHostHandler implements ActionHandler<FenceHost> {
    /** Beyond the agents' own time: starting them and reading the level's devices. */
    static final Duration MARGIN = Duration.ofSeconds(5);
    private final FenceAgents runner;
    private final FenceDeviceDirectory directory;
    private final PowerLedger ledger;
    private final Duration agentTimeout;

    public FenceHostHandler(FenceAgents runner, FenceDeviceDirectory directory, PowerLedger ledger,
                            Duration agentTimeout) {
        this.runner = runner;
        this.directory = directory;
        this.ledger = ledger;
        this.agentTimeout = agentTimeout;
    }

    @Override
    public Class<FenceHost> handles() {
        return FenceHost.class;
    }

    /** Off and status on every device of the level, each as long as the agent timeout allows, and a margin. */
    @Override
    public Duration timeNeeded(FenceHost fence) {
        return agentTimeout.multipliedBy(2L * fence.getDevices()).plus(MARGIN);
    }

    @Override
    public ActionOutcome execute(FenceHost fence) {
        List<FenceDeviceParams> devices = directory.devices(fence.getHost(), fence.getLevel());
        if (devices.isEmpty()) {
            return ActionOutcome.failed(fence.getKey(), "no fence level " + fence.getLevel() + " is configured for "
                    + fence.getHost());
        }
        if (devices.size() > fence.getDevices()) {
            // The level grew since the rules decided: its time was given for fewer devices. The rules try it again.
            return ActionOutcome.failed(fence.getKey(), "fence level " + fence.getLevel() + " of " + fence.getHost()
                    + " has " + devices.size() + " devices now, not the " + fence.getDevices() + " it was decided with");
        }
        FenceResult off = null;
        for (int i = 0; i < devices.size(); i++) {
            off = runner.run(devices.get(i).agent(), FenceOperation.OFF, devices.get(i).params(), agentTimeout);
            if (!off.succeeded()) {
                return new ActionOutcome(fence.getKey(), statusOf(off), device(i, devices) + ": " + off.message());
            }
        }
        // Trust the devices, not the agents' exit codes alone: the host counts as off only if every status says so.
        for (int i = 0; i < devices.size(); i++) {
            FenceResult status = runner.run(devices.get(i).agent(), FenceOperation.STATUS, devices.get(i).params(),
                    agentTimeout);
            if (!status.succeeded() || status.power() != FenceResult.PowerState.OFF) {
                return new ActionOutcome(fence.getKey(), statusOf(status), device(i, devices)
                        + " was turned off but its status is " + status.power() + " (" + status.message() + ")");
            }
        }
        ledger.confirmOff(fence.getHost());
        return ActionOutcome.succeeded(fence.getKey(), devices.size() == 1 ? off.message()
                : "all " + devices.size() + " devices of level " + fence.getLevel() + " confirmed OFF");
    }

    private static String device(int index, List<FenceDeviceParams> devices) {
        return "device " + (index + 1) + " of " + devices.size() + " (" + devices.get(index).agent() + ")";
    }

    private static ActionStatus statusOf(FenceResult result) {
        return result.outcome() == FenceResult.Outcome.TIMED_OUT ? ActionStatus.TIMED_OUT : ActionStatus.FAILED;
    }
}
