package io.lifeboat.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.actions.StartVm;

/**
 * Starts a VM through the hypervisor driver, after checking again what the rules already checked, from what the
 * hypervisors say now: its last host is confirmed off, no host that answers holds a copy of it (in any state but shut
 * off: a paused or shutting-down copy still holds its disks), and no host is silent without being confirmed off
 * (where it is would be unknown: it may run there). Any check failing refuses the start: at most one running copy.
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
        String vm = start.getVm();
        String from = start.getFromHost();
        if (from != null && !ledger.isConfirmedOff(from)) {
            return refuse(start, vm + "'s last host " + from + " is not confirmed off");
        }
        List<String> unknown = new ArrayList<>();
        for (String host : driver.hosts()) {
            Optional<DomainState> copy;
            try {
                copy = driver.copyOf(host, vm);
            } catch (HypervisorException silent) {
                if (!ledger.isConfirmedOff(host)) {
                    unknown.add(whySilent(host, vm));
                }
                continue;
            }
            if (copy.isPresent()) {
                return refuse(start, vm + " is already on " + host + " (" + copy.get() + ")");
            }
        }
        if (!unknown.isEmpty()) {
            return refuse(start, "where " + vm + " is, is unknown: " + String.join("; ", unknown));
        }
        Optional<String> definition = definitions.get(vm);
        if (definition.isEmpty()) {
            return refuse(start, "no definition of " + vm + " was ever seen");
        }
        driver.startVm(vm, definition.get(), start.getTarget());
        return ActionOutcome.succeeded(start.getKey(), "started on " + start.getTarget());
    }

    private String whySilent(String host, String vm) {
        if (!locations.everAnswered(host)) {
            return host + " never answered and is not confirmed off";
        }
        boolean lastSeenThere = locations.lastSeenOn(vm).filter(host::equals).isPresent();
        return host + " does not answer and is not confirmed off" + (lastSeenThere ? " (" + vm + " was last seen there)" : "");
    }

    private static ActionOutcome refuse(StartVm start, String why) {
        return new ActionOutcome(start.getKey(), ActionStatus.REFUSED, why);
    }
}
