package io.lifeboat.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.InMemoryJournal;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.actions.StartVm;
import io.lifeboat.alerts.AlertAgentHandler;
import io.lifeboat.alerts.AlertAgents;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.Recovery;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmState;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.StartVmHandler;
import io.lifeboat.hypervisor.Virsh;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
import io.lifeboat.policy.ManualClock;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.policy.PolicySources;
import io.lifeboat.testing.TestHosts;

/**
 * Crash recovery on the live path, end to end but for Quarkus: libvirt test-driver hosts, the monitor with its
 * lifecycle events, the shipped rules in the policy loop, and the real dispatcher starting VMs through libvirt. The
 * clock stands still, so no heartbeat times out.
 */
class LiveCrashRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryJournal journal = new InMemoryJournal();
    private LibvirtDriver driver;
    private LivePolicy live;

    @BeforeEach
    void h1RunsDb1AndWeb1() throws Exception {
        driver = new LibvirtDriver(Duration.ofSeconds(1), Duration.ofSeconds(8), clock);
        driver.connect("h1", TestHosts.write(dir, "h1", "db1", "web1"));
        driver.connect("h2", TestHosts.write(dir, "h2"));
        PowerLedger ledger = new PowerLedger();
        VmLocations locations = new VmLocations();
        VmDefinitions definitions = new VmDefinitions();
        ActionDispatcher dispatcher = new ActionDispatcher(List.of(
                new StartVmHandler(driver, ledger, definitions, locations),
                new AlertAgentHandler(AlertAgents.logOnly())), journal, Duration.ofSeconds(10), 2);
        PolicySession session = new PolicySession(new PolicyCompiler().compile(PolicySources.shipped()), clock, "k");
        session.insert(ClusterSettings.defaults("lab"));
        for (String name : List.of("h1", "h2")) {
            session.insert(Host.builder(name).cpus(16).memoryMiB(32768).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
        }
        session.insert(Vm.builder("db1").ha(true).runningOn("h1").build());
        // rgmanager: restartExpireTime 0 means a failure is not remembered, so maxRestarts never trips.
        session.insert(Vm.builder("web1").ha(true).recovery(Recovery.RESTART_DISABLE).maxRestarts(1)
                .restartExpireTime(Duration.ZERO).runningOn("h1").build());
        live = new LivePolicy(session, dispatcher, driver, ledger, locations, definitions, clock);
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void vmDestroyedBehindLifeboatsBackOnALiveHost_isRestartedThereAtOnce() throws Exception {
        Virsh.destroy(driver, "h1", "db1");

        await().atMost(WAIT).untilAsserted(() -> assertThat(driver.probe("h1").holds("db1"))
                .as("restart recovery, heard from libvirt's event, no probe needed").isTrue());
        // The start's outcome is journalled just after the hypervisor runs the VM.
        await().atMost(WAIT).until(() -> journal.entries().stream().allMatch(e -> e.outcome() != null));
        assertThat(journal.entries()).singleElement().satisfies(e -> {
            assertThat(e.action()).isInstanceOfSatisfying(StartVm.class, s -> {
                assertThat(s.getTarget()).isEqualTo("h1");
                assertThat(s.getExplanation().matchedFacts()).anyMatch(f -> f.contains("kind=RESTART, onlyHost=h1"));
            });
            assertThat(e.outcome().status()).isEqualTo(ActionStatus.SUCCEEDED);
        });
        await().atMost(WAIT).until(() -> live.state("db1") == VmState.RUNNING);
    }

    @Test
    void restartExpireTimeZero_aVmThatKeepsCrashingKeepsBeingRestarted() throws Exception {
        for (int crash = 1; crash <= 3; crash++) {
            clock.advance(Duration.ofSeconds(1));
            Virsh.destroy(driver, "h1", "web1");
            int starts = crash;
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(journal.entries()).filteredOn(e -> e.outcome() != null).hasSize(starts);
                assertThat(driver.probe("h1").holds("web1")).isTrue();
            });
            live.watch.round().get(10, TimeUnit.SECONDS);
        }

        assertThat(journal.entries()).extracting(e -> e.outcome().status()).as("maxRestarts 1 never tripped")
                .containsOnly(ActionStatus.SUCCEEDED);
    }

    @Test
    void vmShutDownFromInsideItsGuest_staysStoppedAndOperatorsAreTold() throws Exception {
        Virsh.shutdown(driver, "h1", "db1");

        await().atMost(WAIT).until(() -> live.state("db1") == VmState.STOPPED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(journal.entries()).singleElement()
                .satisfies(e -> assertThat(e.action()).isInstanceOfSatisfying(Alert.class,
                        a -> assertThat(a.getCode()).isEqualTo("VM_SHUT_DOWN"))));
        live.watch.round().get(10, TimeUnit.SECONDS);
        assertThat(driver.probe("h1").holds("db1")).as("nobody started it again").isFalse();
    }
}
