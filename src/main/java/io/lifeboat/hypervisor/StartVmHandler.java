package io.lifeboat.hypervisor;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.actions.StartVm;

/**
 * Starts a VM through the hypervisor driver, after checking again what the rules already checked: its last host is
 * confirmed off, no reachable host runs it, and the host the hypervisors last saw it on is either reachable or
 * confirmed off. Any check failing refuses the start (at most one running copy).
 */
public class StartVmHandler implements ActionHandler<StartVm> {
    private final HypervisorDriver driver;
    private final PowerLedger ledger;
    private final VmDefinitions definitions;
    private final VmLocations locations;

    public StartVmHandler(HypervisorDriver driver, PowerLedger ledger, VmDefinitions definitions,
                          VmLocations locations) {
        this.driver = driver;
        this.ledger = ledger;
        this.definitions = definitions;
        this.locations = locations;
    }

    @Override
    public Class<StartVm> handles() {
        return StartVm.class;
    }

    @Override
    public ActionOutcome execute(StartVm start) throws HypervisorException {
        String from = start.getFromHost();
        if (from != null && !ledger.isConfirmedOff(from)) {
            return refuse(start, start.getVm() + "'s last host " + from + " is not confirmed off");
        }
        Set<String> silent = new HashSet<>();
        Optional<String> runningOn = findRunning(start.getVm(), silent);
        if (runningOn.isPresent()) {
            return refuse(start, start.getVm() + " already runs on " + runningOn.get());
        }
        // Whatever the action says, where the hypervisors last saw the VM counts too.
        Optional<String> lastSeen = locations.lastSeenOn(start.getVm());
        if (lastSeen.isPresent() && silent.contains(lastSeen.get()) && !ledger.isConfirmedOff(lastSeen.get())) {
            return refuse(start, start.getVm() + " was last seen running on " + lastSeen.get()
                    + ", which does not answer and is not confirmed off");
        }
        Optional<String> definition = definitions.get(start.getVm());
        if (definition.isEmpty()) {
            return refuse(start, "no definition of " + start.getVm() + " was ever seen");
        }
        driver.startVm(start.getVm(), definition.get(), start.getTarget());
        return ActionOutcome.succeeded(start.getKey(), "started on " + start.getTarget());
    }

    /** The host that runs the VM, if a reachable one does; the hosts that did not answer go into {@code silent}. */
    private Optional<String> findRunning(String vm, Set<String> silent) {
        for (String host : driver.hosts()) {
            try {
                if (driver.probe(host).runs(vm)) {
                    return Optional.of(host);
                }
            } catch (HypervisorException unreachable) {
                silent.add(host);
            }
        }
        return Optional.empty();
    }

    private static ActionOutcome refuse(StartVm start, String why) {
        return new ActionOutcome(start.getKey(), ActionStatus.REFUSED, why);
    }
}
