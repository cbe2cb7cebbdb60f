package io.lifeboat.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.policy.ManualClock;
import io.lifeboat.testing.TestHosts;

/** The libvirt-java driver against libvirt's test driver: one node file per simulated host. */
class LibvirtDriverTest {
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> lifecycle = new CopyOnWriteArrayList<>();
    private LibvirtDriver driver;

    @BeforeEach
    void twoHosts() throws Exception {
        driver = new LibvirtDriver(FIRST_BACKOFF, MAX_BACKOFF, clock);
        driver.listen(new DomainLifecycle() {
            @Override
            public void started(String host, String vm) {
                lifecycle.add("started " + vm + " on " + host);
            }

            @Override
            public void stopped(String host, String vm, DomainStop how) {
                lifecycle.add("stopped " + vm + " on " + host + " " + how);
            }
        });
        driver.connect("h1", TestHosts.write(dir, "h1", "db1", "web1"));
        driver.connect("h2", TestHosts.write(dir, "h2"));
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void probe_reportsNodeResourcesAndRunningDomainsWithDefinitions() throws Exception {
        HostInventory h1 = driver.probe("h1");

        assertThat(h1.cpus()).isEqualTo(16);
        assertThat(h1.memoryMiB()).isEqualTo(32768);
        assertThat(h1.domains()).extracting(DomainView::name).containsExactlyInAnyOrder("db1", "web1");
        assertThat(h1.domains()).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo(DomainState.RUNNING);
            assertThat(d.memoryMiB()).isEqualTo(1024);
            assertThat(d.definitionXml()).contains("<name>" + d.name() + "</name>");
        });
    }

    @Test
    void startVmFromDefinitionOnAnotherHost_runsThere() throws Exception {
        String definition = driver.probe("h1").domains().stream().filter(d -> d.name().equals("db1"))
                .findFirst().orElseThrow().definitionXml();

        driver.startVm("db1", definition, "h2");

        assertThat(driver.probe("h2").holds("db1")).as("db1 was defined and started on h2").isTrue();
    }

    @Test
    void startVmAlreadyRunningThere_isRefused() throws Exception {
        String definition = driver.probe("h1").domains().get(0).definitionXml();
        String name = driver.probe("h1").domains().get(0).name();

        assertThatThrownBy(() -> driver.startVm(name, definition, "h1"))
                .isInstanceOf(HypervisorException.class).hasMessageContaining("already runs on h1");
    }

    @Test
    void severedHost_isUnreachableButKeepsItsDomains() throws Exception {
        driver.sever("h1");

        assertThatThrownBy(() -> driver.probe("h1")).isInstanceOf(HostUnreachableException.class);

        driver.restore("h1");
        assertThat(driver.probe("h1").holds("db1")).as("the host kept running while Lifeboat could not see it").isTrue();
    }

    @Test
    void destroyAllDomains_stopsEveryRunningDomain() throws Exception {
        driver.destroyAllDomains("h1");

        assertThat(driver.probe("h1").domains()).as("still defined, no longer running")
                .hasSize(2).noneMatch(DomainView::present);
    }

    @Test
    void unknownHost_isAnError() {
        assertThatThrownBy(() -> driver.probe("nope")).isInstanceOf(HypervisorException.class)
                .hasMessageContaining("no connection configured");
    }

    @Test
    void pausedDomain_isReportedPausedAndCountsAsPresent() throws Exception {
        Virsh.suspend(driver, "h1", "db1");

        HostInventory h1 = driver.probe("h1");

        assertThat(h1.copyOf("db1")).as("a paused copy still holds its disks").contains(DomainState.PAUSED);
        assertThat(h1.presentVms()).containsExactlyInAnyOrder("db1", "web1");
    }

    @Test
    void copyOf_answersByOneLookupWhatTheListingSays_andNeverNoCopyForAHostItCannotAsk() throws Exception {
        Virsh.suspend(driver, "h1", "db1");
        driver.stopVm("web1", "h1", Duration.ZERO);

        assertThat(driver.copyOf("h1", "db1")).contains(DomainState.PAUSED);
        assertThat(driver.copyOf("h1", "web1")).as("defined but shut off: no copy").isEmpty();
        assertThat(driver.copyOf("h2", "db1")).as("not defined there").isEmpty();
        for (String vm : List.of("db1", "web1")) {
            assertThat(driver.copyOf("h1", vm)).isEqualTo(driver.probe("h1").copyOf(vm));
        }

        driver.sever("h1");
        assertThatThrownBy(() -> driver.copyOf("h1", "db1")).isInstanceOf(HostUnreachableException.class);
        driver.restore("h1");
        Virsh.restartLibvirtd(driver, "h1");
        assertThatThrownBy(() -> driver.copyOf("h1", "db1")).as("a broken connection is not an absent domain")
                .isInstanceOf(HostUnreachableException.class);
    }

    @Test
    void hostWhoseLibvirtHangs_isConfiguredWithinTheOpenWait_unreachable_andOpenedOnlyOnce() throws Exception {
        // A "libvirtd" that accepts connections and never answers, as a stopped daemon or a hung ssh link.
        Path socket = dir.resolve("hung.sock");
        AtomicInteger accepted = new AtomicInteger();
        List<SocketChannel> held = new CopyOnWriteArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(server.accept());
                        accepted.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            LibvirtDriver bounded = new LibvirtDriver(FIRST_BACKOFF, MAX_BACKOFF, clock, Duration.ofMillis(500));
            try {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> bounded.connect("h3", "test+unix:///default?socket=" + socket))
                        .isInstanceOf(HypervisorException.class).hasMessageContaining("no answer within 500 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the caller got its thread back")
                        .isLessThan(Duration.ofSeconds(5));
                assertThatThrownBy(() -> bounded.probe("h3")).isInstanceOf(HostUnreachableException.class);

                clock.advance(MAX_BACKOFF.minusSeconds(1));
                bounded.reconnectIfDue("h3");
                assertThat(accepted.get()).as("no second connection while the first is still opening").isEqualTo(1);
                clock.advance(Duration.ofSeconds(1));
                new Thread(() -> {
                    try {
                        bounded.reconnectIfDue("h3");
                    } catch (HypervisorException ignored) {
                        // it hangs too, then fails when the test closes the socket
                    }
                }).start();
                await("an open that never returns does not keep the host away for ever").atMost(Duration.ofSeconds(5))
                        .until(() -> accepted.get() == 2);
            } finally {
                held.forEach(channel -> {
                    try {
                        channel.close(); // the hung open fails, and its thread ends
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                });
                bounded.close();
            }
        }
    }

    @Test
    void connectionBrokenBehindLifeboatsBack_probeFailsThenReconnectHealsIt() throws Exception {
        Virsh.restartLibvirtd(driver, "h1");

        assertThatThrownBy(() -> driver.probe("h1")).as("what a libvirtd restart does to the open connection")
                .isInstanceOf(HostUnreachableException.class);
        assertThatThrownBy(() -> driver.probe("h1")).as("the dead connection was dropped")
                .isInstanceOf(HostUnreachableException.class).hasMessageContaining("not connected");

        driver.reconnectIfDue("h1");

        assertThat(driver.probe("h1").holds("db1")).as("the first reconnection is tried at once").isTrue();
    }

    @Test
    void hostThatNeverConnected_isKeptAndRetriedWithDoublingBackoff() throws Exception {
        Path file = dir.resolve("h3.xml");
        String uri = "test://" + file.toAbsolutePath();

        assertThatThrownBy(() -> driver.connect("h3", uri)).isInstanceOf(HypervisorException.class);
        assertThat(driver.hosts()).as("still configured, so still probed").contains("h3");
        assertThatThrownBy(() -> driver.probe("h3")).isInstanceOf(HostUnreachableException.class);

        clock.advance(FIRST_BACKOFF);
        driver.reconnectIfDue("h3");  // fails again: the next attempt waits 2 s
        TestHosts.write(dir, "h3", "app1");
        clock.advance(Duration.ofMillis(1999));
        driver.reconnectIfDue("h3");
        assertThatThrownBy(() -> driver.probe("h3")).as("no attempt before the doubled backoff is over")
                .isInstanceOf(HostUnreachableException.class);

        clock.advance(Duration.ofMillis(1));
        driver.reconnectIfDue("h3");

        assertThat(driver.probe("h3").holds("app1")).isTrue();
    }

    @Test
    void domainsStoppedOnTheHypervisor_areHeardAtOnceWithHow() throws Exception {
        Virsh.destroy(driver, "h1", "db1");
        Virsh.shutdown(driver, "h1", "web1");
        Virsh.start(driver, "h1", "db1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lifecycle).containsExactly(
                "stopped db1 on h1 DESTROYED", "stopped web1 on h1 SHUT_DOWN", "started db1 on h1"));
    }

    @Test
    void coldRelocationByLifeboat_saysItStoppedTheSourceItself() throws Exception {
        driver.migrateVm("db1", "h1", "h2");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lifecycle)
                .as("Lifeboat's own stop comes first, then libvirt's events")
                .startsWith("stopped db1 on h1 BY_LIFEBOAT")
                .contains("stopped db1 on h1 DESTROYED", "started db1 on h2"));
    }
}
