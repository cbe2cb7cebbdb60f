package io.lifeboat.hypervisor;

import java.util.Optional;

import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.actions.StartVm;

/**
 * Starts a VM through the hypervisor driver, after checking again what the rules already checked: its last host is
 * confirmed off, and no reachable host runs it. Either check failing refuses the start (at most one running copy).
 */
public class StartVmHandler implements ActionHandler<StartVm> {
    private final HypervisorDriver driver;
    private final PowerLedger ledger;
    private final VmDefinitions definitions;

    public StartVmHandler(HypervisorDriver driver, PowerLedger ledger, VmDefinitions definitions) {
        this.driver = driver;
        this.ledger = ledger;
        this.definitions = definitions;
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
        Optional<String> runningOn = findRunning(start.getVm());
        if (runningOn.isPresent()) {
            return refuse(start, start.getVm() + " already runs on " + runningOn.get());
        }
        Optional<String> definition = definitions.get(start.getVm());
        if (definition.isEmpty()) {
            return refuse(start, "no definition of " + start.getVm() + " was ever seen");
        }
        driver.startVm(start.getVm(), definition.get(), start.getTarget());
        return ActionOutcome.succeeded(start.getKey(), "started on " + start.getTarget());
    }

    private Optional<String> findRunning(String vm) {
        for (String host : driver.hosts()) {
            try {
                if (driver.probe(host).runs(vm)) {
                    return Optional.of(host);
                }
            } catch (HypervisorException unreachable) {
                // A host we cannot see is covered by the ledger when it is the VM's last host.
            }
        }
        return Optional.empty();
    }

    private static ActionOutcome refuse(StartVm start, String why) {
        return new ActionOutcome(start.getKey(), ActionStatus.REFUSED, why);
    }
}
