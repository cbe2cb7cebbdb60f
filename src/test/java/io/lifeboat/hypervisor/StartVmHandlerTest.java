package io.lifeboat.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Explanation;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.Vm;
import io.lifeboat.testing.TestHosts;

/** The dispatcher's own "fence before start" and "one running copy" checks, against test-driver hosts. */
class StartVmHandlerTest {
    @TempDir
    Path dir;
    private LibvirtDriver driver;
    private PowerLedger ledger;
    private StartVmHandler handler;
    private StartVm startDb1OnH2;
    private VmLocations locations;

    @BeforeEach
    void h1RunsDb1AndIsCutOff() throws Exception {
        driver = new LibvirtDriver();
        driver.connect("h1", TestHosts.write(dir, "h1", "db1"));
        driver.connect("h2", TestHosts.write(dir, "h2"));
        VmDefinitions definitions = new VmDefinitions();
        definitions.remember("db1", driver.probe("h1").domains().get(0).definitionXml());
        driver.sever("h1");
        ledger = new PowerLedger();
        locations = new VmLocations();
        handler = new StartVmHandler(driver, ledger, definitions, locations);
        Vm db1 = Vm.builder("db1").ha(true).runningOn("h1").build();
        db1.markDown();
        startDb1OnH2 = StartVm.afterFence(db1, "h2", "test");
        startDb1OnH2.assign("k1", Explanation.NONE);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void lastHostNotConfirmedOff_startIsRefusedAndNothingStarts() throws Exception {
        ActionOutcome outcome = handler.execute(startDb1OnH2);

        assertThat(outcome.status()).isEqualTo(ActionStatus.REFUSED);
        assertThat(outcome.message()).contains("h1 is not confirmed off");
        assertThat(driver.probe("h2").domains()).as("the hypervisor was never asked").isEmpty();
    }

    @Test
    void lastHostConfirmedOff_vmStartsOnTarget() throws Exception {
        ledger.confirmOff("h1");

        ActionOutcome outcome = handler.execute(startDb1OnH2);

        assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(driver.probe("h2").runs("db1")).isTrue();
    }

    @Test
    void confirmedOffButHostAnsweredSince_startIsRefused() throws Exception {
        ledger.confirmOff("h1");
        ledger.hostAnswered("h1");

        assertThat(handler.execute(startDb1OnH2).status())
                .as("a host seen alive after its fence is no longer known to be off").isEqualTo(ActionStatus.REFUSED);
    }

    @Test
    void actionClaimsNoLastHostButHypervisorsLastSawItOnASilentHost_startIsRefused() throws Exception {
        locations.observed("h1", java.util.Set.of("db1"));
        Vm db1 = Vm.builder("db1").ha(true).stopped().build();
        StartVm start = StartVm.ofStoppedVm(db1, "h2", "a rule that got it wrong");
        start.assign("k2", Explanation.NONE);

        ActionOutcome outcome = handler.execute(start);

        assertThat(outcome.status()).isEqualTo(ActionStatus.REFUSED);
        assertThat(outcome.message()).contains("last seen running on h1");
        assertThat(driver.probe("h2").domains()).isEmpty();

        ledger.confirmOff("h1");
        assertThat(handler.execute(start).status()).as("once h1 is confirmed off it may start").isEqualTo(ActionStatus.SUCCEEDED);
    }

    @Test
    void vmAlreadyRunningOnAReachableHost_startIsRefused() throws Exception {
        ledger.confirmOff("h1");
        driver.restore("h1");

        ActionOutcome outcome = handler.execute(startDb1OnH2);

        assertThat(outcome.status()).isEqualTo(ActionStatus.REFUSED);
        assertThat(outcome.message()).contains("already runs on h1");
        assertThat(driver.probe("h2").runs("db1")).isFalse();
    }
}
