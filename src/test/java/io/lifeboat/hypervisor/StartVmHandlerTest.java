package io.lifeboat.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
        assertThat(driver.probe("h2").holds("db1")).isTrue();
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
        assertThat(outcome.message()).contains("h1 does not answer and is not confirmed off (db1 was last seen there)");
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
        assertThat(outcome.message()).contains("already on h1 (RUNNING)");
        assertThat(driver.probe("h2").holds("db1")).isFalse();
    }

    @Test
    void anotherHostNeverAnsweredAndIsNotConfirmedOff_startIsRefused() throws Exception {
        ledger.confirmOff("h1");
        assertThatNeverConnected("h3");

        ActionOutcome outcome = handler.execute(startDb1OnH2);

        assertThat(outcome.status()).as("db1 may have been started on h3 before Lifeboat started")
                .isEqualTo(ActionStatus.REFUSED);
        assertThat(outcome.message()).isEqualTo("where db1 is, is unknown: h3 never answered and is not confirmed off");
        assertThat(driver.probe("h2").domains()).isEmpty();
    }

    @Test
    void anotherHostWentSilentWithoutDb1_startIsStillRefusedUntilItIsConfirmedOff() throws Exception {
        ledger.confirmOff("h1");
        driver.connect("h3", TestHosts.write(dir, "h3"));
        locations.observed("h3", Set.of());
        driver.sever("h3");

        ActionOutcome outcome = handler.execute(startDb1OnH2);

        assertThat(outcome.status()).as("someone may have started db1 there since its last answer")
                .isEqualTo(ActionStatus.REFUSED);
        assertThat(outcome.message()).contains("h3 does not answer and is not confirmed off");

        ledger.confirmOff("h3");
        assertThat(handler.execute(startDb1OnH2).status()).isEqualTo(ActionStatus.SUCCEEDED);
    }

    @Test
    void pausedCopyOnAnAnsweringHost_startIsRefused() throws Exception {
        driver.restore("h1");
        Virsh.suspend(driver, "h1", "db1");
        StartVm start = StartVm.ofStoppedVm(Vm.builder("db1").ha(true).stopped().build(), "h2", "a rule that got it wrong");
        start.assign("k3", Explanation.NONE);

        ActionOutcome outcome = handler.execute(start);

        assertThat(outcome.status()).isEqualTo(ActionStatus.REFUSED);
        assertThat(outcome.message()).isEqualTo("db1 is already on h1 (PAUSED)");
        assertThat(driver.probe("h2").domains()).isEmpty();
    }

    @ParameterizedTest(name = "a copy {0} elsewhere")
    @EnumSource(DomainState.class)
    void copyInAnyStateButShutOff_refusesTheStart(DomainState state) throws Exception {
        StubHosts hosts = new StubHosts(state);
        StartVmHandler stubbed = new StartVmHandler(hosts, ledger, definitionsOfDb1(), locations);
        StartVm start = StartVm.ofStoppedVm(Vm.builder("db1").ha(true).stopped().build(), "h2", "test");
        start.assign("k4", Explanation.NONE);

        ActionOutcome outcome = stubbed.execute(start);

        if (state == DomainState.SHUT_OFF) {
            assertThat(outcome.status()).as("a shut-off definition is not a running copy").isEqualTo(ActionStatus.SUCCEEDED);
        } else {
            assertThat(outcome.status()).as("a " + state + " copy holds its disks").isEqualTo(ActionStatus.REFUSED);
            assertThat(hosts.started).isFalse();
        }
    }

    private void assertThatNeverConnected(String host) {
        assertThatThrownBy(() -> driver.connect(host, "test://" + dir.resolve("missing-" + host + ".xml").toAbsolutePath()))
                .as(host + " cannot be reached at all").isInstanceOf(HypervisorException.class);
    }

    private static VmDefinitions definitionsOfDb1() {
        VmDefinitions definitions = new VmDefinitions();
        definitions.remember("db1", "<domain><name>db1</name></domain>");
        return definitions;
    }

    /** h1 holds db1 in one state, h2 holds nothing; both answer. */
    private static final class StubHosts implements HypervisorDriver {
        private final DomainState state;
        private boolean started;

        StubHosts(DomainState state) {
            this.state = state;
        }

        @Override
        public Set<String> hosts() {
            return Set.of("h1", "h2");
        }

        @Override
        public HostInventory probe(String host) {
            return new HostInventory(host, 16, 32768, host.equals("h1")
                    ? List.of(new DomainView("db1", state, 1, 1024, "<domain/>", 0)) : List.of());
        }

        @Override
        public void startVm(String vm, String definitionXml, String host) {
            started = true;
        }

        @Override
        public void migrateVm(String vm, String from, String to) {
        }

        @Override
        public boolean stopVm(String vm, String host, java.time.Duration graceful) {
            throw new UnsupportedOperationException("starts never stop anything");
        }

        @Override
        public void destroyAllDomains(String host) {
        }
    }
}
