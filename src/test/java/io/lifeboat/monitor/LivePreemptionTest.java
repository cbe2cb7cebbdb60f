package io.lifeboat.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import io.lifeboat.actions.StopVm;
import io.lifeboat.alerts.AlertAgentHandler;
import io.lifeboat.alerts.AlertAgents;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.Recovery;
import io.lifeboat.facts.VmState;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.StartVmHandler;
import io.lifeboat.hypervisor.StopVmHandler;
import io.lifeboat.hypervisor.Virsh;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
import io.lifeboat.policy.ManualClock;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.policy.PolicySources;
import io.lifeboat.testing.TestHosts;

/**
 * Preemption on the live path, end to end but for Quarkus: libvirt test-driver hosts, the monitor with its lifecycle
 * events, the shipped rules in the policy loop, and the real dispatcher stopping and starting domains through libvirt.
 * The stop Lifeboat makes is neither a crash nor a shutdown to recover from, and the HA VM starts only in the room it
 * made. The clock stands still, so no heartbeat times out.
 */
class LivePreemptionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long GIB = 1024;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryJournal journal = new InMemoryJournal();
    private LibvirtDriver driver;
    private LivePolicy live;

    /**
     * h0 runs db (HA, priority 100, 48 GiB, relocated when it crashes), h1 batch (non-HA, priority 0, 40 GiB), h2 app
     * (HA, 48 GiB): once db crashed, h1 and h2 have 40 GiB free in all, so only stopping batch makes room for it.
     */
    @BeforeEach
    void cluster() throws Exception {
        driver = new LibvirtDriver(Duration.ofSeconds(1), Duration.ofSeconds(8), clock);
        driver.connect("h0", TestHosts.write(dir, "h0", 16, 64 * GIB, Map.of("db", 48 * GIB)));
        driver.connect("h1", TestHosts.write(dir, "h1", 16, 64 * GIB, Map.of("batch", 40 * GIB)));
        driver.connect("h2", TestHosts.write(dir, "h2", 16, 64 * GIB, Map.of("app", 48 * GIB)));
        PowerLedger ledger = new PowerLedger();
        VmLocations locations = new VmLocations();
        VmDefinitions definitions = new VmDefinitions();
        ActionDispatcher dispatcher = new ActionDispatcher(List.of(
                new StartVmHandler(driver, ledger, definitions, locations), new StopVmHandler(driver),
                new AlertAgentHandler(AlertAgents.logOnly())), journal, Duration.ofSeconds(10), 2);
        PolicySession session = new PolicySession(new PolicyCompiler().compile(PolicySources.shipped()), clock, "k");
        ClusterSettings d = ClusterSettings.defaults("lab");
        session.insert(new ClusterSettings(d.name(), d.mode(), 1.0, 4.0, 0, d.heartbeatTimeout(),
                d.fencingSuspendShare(), d.usage(), Duration.ZERO, d.fenceRetryInitial(), d.fenceRetryMax(),
                d.defragmentMoves(), d.failbackDelay(), 0, 0, true));
        for (String name : List.of("h0", "h1", "h2")) {
            session.insert(Host.builder(name).cpus(16).memoryMiB(64 * GIB).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
        }
        session.insert(Vm.builder("batch").memoryMiB(40 * GIB).priority(0).runningOn("h1").build());
        session.insert(Vm.builder("app").memoryMiB(48 * GIB).ha(true).runningOn("h2").build());
        session.insert(Vm.builder("db").memoryMiB(48 * GIB).priority(100).ha(true).recovery(Recovery.RELOCATE)
                .runningOn("h0").build());
        live = new LivePolicy(session, dispatcher, driver, ledger, locations, definitions, clock);
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void aCrashedVmWithoutRoom_stopsTheLowerPriorityVmThroughLibvirt_thenStartsInItsPlace() throws Exception {
        Virsh.destroy(driver, "h0", "db");

        await().atMost(WAIT).untilAsserted(() -> assertThat(driver.probe("h1").holds("db")).isTrue());
        assertThat(driver.probe("h1").holds("batch")).as("stopped on h1 to make room").isFalse();
        assertThat(driver.probe("h2").holds("app")).as("an HA VM is never preempted").isTrue();
        await().atMost(WAIT).until(() -> journal.entries().stream().allMatch(e -> e.outcome() != null));
        assertThat(journal.entries()).extracting(e -> e.action().getType().name(), e -> e.action().getVm(),
                e -> e.outcome().status()).as("the stop, journalled before the start, each once")
                .containsSubsequence(tuple("STOP_VM", "batch", ActionStatus.SUCCEEDED),
                        tuple("START_VM", "db", ActionStatus.SUCCEEDED));
        // h0's last inventory may still list db when it starts on h1: a stop of that "second copy" is harmless.
        assertThat(journal.entries()).filteredOn(e -> e.action() instanceof StopVm s && s.isPreemption())
                .extracting(e -> e.action().getVm()).containsExactly("batch");
        assertThat(journal.entries()).filteredOn(e -> e.action() instanceof StartVm).hasSize(1);
        assertThat(journal.entries()).filteredOn(e -> e.action() instanceof Alert && "batch".equals(e.action().getVm()))
                .extracting(e -> ((Alert) e.action()).getCode()).as("told as a preemption, not a shutdown")
                .containsExactly("VM_PREEMPTED");
        assertThat(driver.probe("h0").holds("db")).as("db runs once").isFalse();

        live.watch.round().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> live.state("db") == VmState.RUNNING);
        assertThat(live.state("batch")).as("stays stopped: Lifeboat's own stop is not recovered")
                .isEqualTo(VmState.STOPPED);
        assertThat(driver.probe("h1").holds("batch")).isFalse();
    }
}
