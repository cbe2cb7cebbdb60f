package io.lifeboat.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Vm;

/** The VM an action is about, which rules join on ({@code not Action( vm == $n, inFlight )}). */
class ActionSubjectTest {
    @Test
    void vmActionsAndVmAlertsNameTheirVm_hostAndClusterActionsNone() {
        Vm db1 = Vm.builder("db1").runningOn("h1").build();

        assertThat(StartVm.afterFence(db1, "h2", "h1 fenced").getVm()).isEqualTo("db1");
        assertThat(new StopVm("db1", "h3", Duration.ZERO, "second copy").getVm()).isEqualTo("db1");
        assertThat(new MigrateVm(db1, "h2", "evacuate").getVm()).isEqualTo("db1");
        assertThat(new Alert("vm/db1", "VM_BLOCKED", "no room").getVm()).as("an alert about a VM counts for it")
                .isEqualTo("db1");
        assertThat(new Alert("host/h1", "FENCING_FAILED", "no answer").getVm()).isNull();
        assertThat(new Alert("cluster/prod", "CONFIG", "changed").getVm()).isNull();
        assertThat(new Alert(null, "OPERATOR", "an operator rule named no subject").getVm())
                .as("no subject, no VM: the join skips it instead of failing").isNull();
        assertThat(new FenceHost(new FenceDevice("h1", 1, "fence_ipmilan"), 1, "silent").getVm()).isNull();
    }
}
