package io.lifeboat.handlers;

import java.time.Duration;
import java.util.List;

import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.fencing.FenceAgents;
import io.lifeboat.fencing.FenceDeviceDirectory;
import io.lifeboat.fencing.FenceHostHandler;
import io.lifeboat.hypervisor.HypervisorDriver;
import io.lifeboat.hypervisor.MigrateVmHandler;
import io.lifeboat.hypervisor.StartVmHandler;
import io.lifeboat.hypervisor.StopVmHandler;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;

/**
 * The one list of action handlers, live and in simulate alike: only what they act on differs (libvirt and fence agents,
 * or the simulated cluster), so every check a handler makes before acting (the fence ledger, where a VM runs) is made
 * in both.
 */
public final class ActionHandlers {
    private ActionHandlers() {
    }

    /**
     * @param hypervisor   where VMs are started, migrated and stopped
     * @param agents       what runs a fence agent
     * @param devices      the fence devices of each host's levels, with their parameters
     * @param agentTimeout how long one fence agent run may take
     * @param alerts       where alerts go (alert agents live, the plan in simulate)
     */
    public static List<ActionHandler<?>> of(HypervisorDriver hypervisor, FenceAgents agents,
                                            FenceDeviceDirectory devices, PowerLedger ledger,
                                            VmDefinitions definitions, VmLocations locations, Duration agentTimeout,
                                            ActionHandler<Alert> alerts) {
        return List.of(
                new FenceHostHandler(agents, devices, ledger, agentTimeout),
                new StartVmHandler(hypervisor, ledger, definitions, locations),
                new MigrateVmHandler(hypervisor),
                new StopVmHandler(hypervisor),
                alerts);
    }
}
