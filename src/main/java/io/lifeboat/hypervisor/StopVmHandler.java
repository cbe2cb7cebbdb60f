package io.lifeboat.hypervisor;

import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.StopVm;

/** Stops a VM's domain on one host through the hypervisor driver: graceful first when asked, then destroyed. */
public class StopVmHandler implements ActionHandler<StopVm> {
    private final HypervisorDriver driver;

    public StopVmHandler(HypervisorDriver driver) {
        this.driver = driver;
    }

    @Override
    public Class<StopVm> handles() {
        return StopVm.class;
    }

    @Override
    public ActionOutcome execute(StopVm stop) throws HypervisorException {
        boolean destroyed = driver.stopVm(stop.getVm(), stop.getHost(), stop.getGraceful());
        return ActionOutcome.succeeded(stop.getKey(), (destroyed ? "destroyed on " : "shut down on ") + stop.getHost());
    }
}
