package io.lifeboat.hypervisor;

import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.MigrateVm;

/** Moves a running VM to another host through the hypervisor driver. */
public class MigrateVmHandler implements ActionHandler<MigrateVm> {
    private final HypervisorDriver driver;

    public MigrateVmHandler(HypervisorDriver driver) {
        this.driver = driver;
    }

    @Override
    public Class<MigrateVm> handles() {
        return MigrateVm.class;
    }

    @Override
    public ActionOutcome execute(MigrateVm migrate) throws HypervisorException {
        driver.migrateVm(migrate.getVm(), migrate.getFrom(), migrate.getTarget());
        return ActionOutcome.succeeded(migrate.getKey(), "moved from " + migrate.getFrom() + " to " + migrate.getTarget());
    }
}
