package io.lifeboat.hypervisor;

import java.time.Duration;

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

    /** The guest's grace to shut down, and as long again for the destroy that may follow. */
    @Override
    public Duration timeNeeded(StopVm stop) {
        return stop.getGraceful().multipliedBy(2);
    }

    @Override
    public ActionOutcome execute(StopVm stop) throws HypervisorException {
        boolean destroyed = driver.stopVm(stop.getVm(), stop.getHost(), stop.getGraceful());
        return ActionOutcome.succeeded(stop.getKey(), (destroyed ? "destroyed on " : "shut down on ") + stop.getHost());
    }
}
