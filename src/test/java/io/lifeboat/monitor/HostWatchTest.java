package io.lifeboat.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.HostMetrics;
import io.lifeboat.facts.VmCrashed;
import io.lifeboat.facts.VmShutDown;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.Virsh;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
import io.lifeboat.policy.ManualClock;
import io.lifeboat.testing.TestHosts;

/** The monitor against libvirt test-driver hosts: what it reports, and how it heals its own connections. */
class HostWatchTest {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final String APP9 = "<domain type=\"test\"><name>app9</name><memory unit=\"MiB\">1024</memory>"
            + "<vcpu>1</vcpu><os><type>hvm</type></os></domain>";

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> heartbeats = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> observed = new ConcurrentHashMap<>();
    private final List<Object> stopped = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> loads = new ConcurrentHashMap<>();
    private final PowerLedger ledger = new PowerLedger();
    private final VmLocations locations = new VmLocations();
    private LibvirtDriver driver;
    private HostWatch watch;

    @BeforeEach
    void h1RunsDb1AndWeb1_h2RunsNothing() throws Exception {
        driver = new LibvirtDriver(FIRST_BACKOFF, Duration.ofSeconds(8), clock);
        driver.connect("h1", TestHosts.write(dir, "h1", "db1", "web1"));
        driver.connect("h2", TestHosts.write(dir, "h2"));
        watch = new HostWatch(driver, ledger, locations, new VmDefinitions(), (vm, xml) -> { }, new HostWatch.Reports() {
            @Override
            public void heartbeat(String host) {
                heartbeats.add(host);
            }

            @Override
            public void observed(String host, Set<String> present) {
                observed.put(host, present);
            }

            @Override
            public void stopped(String host, Object fact) {
                stopped.add(fact);
            }

            @Override
            public void measured(HostMetrics metrics) {
                loads.put(metrics.host(), metrics.cpuLoadPercent());
            }
        }, clock, PROBE_TIMEOUT, System::nanoTime);
    }

    @AfterEach
    void close() {
        watch.close();
        driver.close();
    }

    private long cpuTimeOfApp1() throws Exception {
        return driver.probe("h3").domains().stream().filter(d -> d.name().equals("app1")).findFirst().orElseThrow()
                .cpuTimeNanos();
    }

    private void round() throws Exception {
        watch.round().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyHostAnswers_eachSendsAHeartbeatAndWhatItHolds() throws Exception {
        round();

        assertThat(heartbeats).containsExactlyInAnyOrder("h1", "h2");
        assertThat(observed).containsEntry("h1", Set.of("db1", "web1")).containsEntry("h2", Set.of());
        assertThat(locations.lastSeenOn("db1")).contains("h1");
    }

    @Test
    void aHostsLoad_isWhatItsGuestsUsedBetweenTwoAnswers() throws Exception {
        driver.connect("h3", TestHosts.write(dir, "h3", 4, 8192, Map.of("app1", 1024L, "app2", 1024L)));
        round();
        assertThat(loads).as("one answer measures nothing yet").isEmpty();

        // libvirt's test driver reports a running guest's CPU time as the real time that passed (one busy CPU per
        // guest), a clock no test can move: the hypervisor is polled until it reports a second of CPU time more.
        long before = cpuTimeOfApp1();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> cpuTimeOfApp1() - before >= 1_000_000_000L);
        round();

        assertThat(loads.get("h3")).as("2 guests on 4 CPUs").isBetween(40, 60);
        assertThat(loads.get("h1")).as("2 guests on 16 CPUs").isBetween(8, 17);
        assertThat(loads).as("no guests, no load").containsEntry("h2", 0);
    }

    @Test
    void libvirtdRestartsOnH1_oneSilentRoundThenItHealsByItself() throws Exception {
        round();
        Virsh.restartLibvirtd(driver, "h1");

        round();
        assertThat(heartbeats).as("h1's probe failed on the dead connection").containsExactlyInAnyOrder("h1", "h2", "h2");

        round();
        assertThat(heartbeats).as("the next round reconnected h1 without waiting")
                .containsExactlyInAnyOrder("h1", "h2", "h2", "h1", "h2");
    }

    @Test
    void hostThatNeverConnected_isProbedEveryRoundAndAnswersOnceItCan() throws Exception {
        Path file = dir.resolve("h3.xml");
        assertThatThrownBy(() -> driver.connect("h3", "test://" + file.toAbsolutePath()))
                .as("h3 cannot be reached when Lifeboat starts").isInstanceOf(HypervisorException.class);

        round();
        assertThat(heartbeats).as("h3 is silent").doesNotContain("h3");
        assertThat(locations.everAnswered("h3")).as("what it holds is unknown").isFalse();

        TestHosts.write(dir, "h3", "app1");
        clock.advance(FIRST_BACKOFF);
        round();

        assertThat(heartbeats).contains("h3");
        assertThat(observed).containsEntry("h3", Set.of("app1"));
    }

    @Test
    void vmDestroyedBehindLifeboatsBack_isReportedCrashedAtOnce() throws Exception {
        round();

        Virsh.destroy(driver, "h1", "db1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stopped)
                .as("from libvirt's lifecycle event, before any probe").containsExactly(
                        new VmCrashed("db1", "h1", clock.millis())));
        round();
        assertThat(stopped).as("the next probe does not tell it again").hasSize(1);
    }

    @Test
    void vmShutDownFromInsideItsGuest_isReportedShutDown() throws Exception {
        round();

        Virsh.shutdown(driver, "h1", "web1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stopped).containsExactly(
                new VmShutDown("web1", "h1", clock.millis(), "shut down")));
    }

    @Test
    void vmLostWhileTheConnectionWasDown_isFoundByTheProbeAfterTheReconnection() throws Exception {
        driver.startVm("app9", APP9, "h1");
        round();
        assertThat(observed.get("h1")).contains("app9");

        // A test-driver host restarts from its file, which has no app9: it is gone, and no event said so.
        Virsh.restartLibvirtd(driver, "h1");
        round();
        round();

        assertThat(stopped).singleElement().isInstanceOfSatisfying(VmCrashed.class,
                c -> assertThat(c.vm()).isEqualTo("app9"));
    }

    @Test
    void vmRunningAtStartButGoneAtTheFirstProbe_isReportedCrashed() throws Exception {
        watch.assume("h2", Set.of("app1"));

        round();

        assertThat(stopped).as("it stopped while Lifeboat was not watching")
                .containsExactly(new VmCrashed("app1", "h2", clock.millis()));
    }

    @Test
    void aHostThatAnswers_isNoLongerConfirmedOff() throws Exception {
        ledger.confirmOff("h2");

        round();

        assertThat(ledger.isConfirmedOff("h2")).isFalse();
    }
}
