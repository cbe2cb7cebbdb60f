package io.lifeboat;

import static io.lifeboat.testing.ReplicaCluster.oncePerVm;
import static io.lifeboat.testing.ReplicaCluster.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.lifeboat.fencing.FenceResult.PowerState;
import io.lifeboat.testing.LifeboatProcess;
import io.lifeboat.testing.ReplicaCluster;
import io.lifeboat.testing.ReplicaCluster.Entry;
import io.restassured.path.json.JsonPath;

/**
 * Two Lifeboat replicas, each a process of its own running the packaged jar, share a MariaDB database and lead the
 * cluster by lease; the hosts are shared too ({@link ReplicaCluster}). What runs where is asked of the hosts
 * themselves; what was done is read from the journal in MariaDB.
 */
class ReplicaTakeoverIT {
    /**
     * The database servers, one per replica in turn (lifeboat.takeover.servers, comma-separated): one MariaDB by default;
     * the nodes of a Galera cluster in deployment/galera/takeover-on-galera.sh. The test reads the first.
     */
    private static final List<String> SERVERS = List.of(System.getProperty("lifeboat.takeover.servers",
            "jdbc:mariadb://127.0.0.1:3306/").split(","));
    private static final Duration TTL = Duration.ofSeconds(6);

    private ReplicaCluster cluster;

    @BeforeEach
    void twoReplicasLeadingThreeSharedHosts(TestInfo test) throws Exception {
        assumeTrue(ReplicaCluster.missing().isEmpty(), ReplicaCluster.missing().orElse(""));
        cluster = ReplicaCluster.start(Path.of("target/takeover", test.getTestMethod().orElseThrow().getName())
                .toAbsolutePath(), SERVERS, TTL, List.of("a", "b"));
    }

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * h1 hangs. The leader fences it through its BMC, and is killed by the power cut itself: after the fence, before
     * any start, its outcome never journalled. The standby takes the lease when it ends, builds its session from the
     * store, waits out its startup grace, fences h1 again (the journal's open fence is not trusted, and off is off)
     * and restarts db1 and web1 on h2 and h3: each VM then runs exactly once, on the hosts themselves.
     */
    @Test
    void leaderKilledAfterTheFence_standbyLeadsWithinTheLease_andFinishesTheFailover() throws Exception {
        LifeboatProcess leader = cluster.leader().orElseThrow();
        LifeboatProcess standby = cluster.standby().orElseThrow();
        long oldToken = cluster.token(leader);
        cluster.bmc("h1").onPowerOff(cluster.host("h1").powerOffCommand() + "\nkill -9 " + leader.pid());

        cluster.host("h1").hang();

        await("the leader fenced h1 and died of it").atMost(Duration.ofSeconds(60)).until(() -> !leader.alive());
        long killedAt = System.nanoTime();
        assertThat(cluster.bmc("h1").powerState()).isEqualTo(PowerState.OFF);
        assertThat(cluster.journal()).as("the dead leader decided no start").noneMatch(e -> e.type().equals("START_VM"));
        await("the standby holds the lease").atMost(TTL.multipliedBy(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.lease().getKey().equals(standby.replica()));
        Duration leaseTaken = Duration.ofNanos(System.nanoTime() - killedAt);
        // The lease ends at most a TTL after the dead leader's newest renewal; the standby asks every third of it.
        assertThat(leaseTaken).as("lease taken after %s", leaseTaken).isLessThanOrEqualTo(TTL.plus(TTL.dividedBy(3))
                .plusSeconds(1));
        await("the standby manages the cluster").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.leads(standby));
        long newToken = cluster.token(standby);
        assertThat(newToken).isGreaterThan(oldToken);
        System.out.printf("takeover: the standby took the lease %d ms after the leader died and managed the cluster"
                + " %d ms after%n", leaseTaken.toMillis(), Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

        await("the standby finished the failover").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonPath status = status(standby);
                    assertThat(status.getString("hosts.find { it.name == 'h1' }.state")).isEqualTo("FENCED");
                    assertThat(status.getList("vms.findAll { it.state == 'RUNNING' }.name")).hasSize(4);
                });

        assertThat(cluster.host("h1").poweredOn()).isFalse();
        assertThat(cluster.copiesRunning()).as("every VM runs exactly once, on the surviving hosts").isEqualTo(oncePerVm());
        List<Entry> journal = cluster.journal();
        for (String vm : List.of("db1", "web1")) {
            assertThat(journal).as("one start of %s, by the new leader", vm)
                    .filteredOn(e -> e.type().equals("START_VM") && e.subject().equals("vm/" + vm))
                    .singleElement().satisfies(e -> {
                        assertThat(e.status()).isEqualTo("SUCCEEDED");
                        assertThat(e.token()).isEqualTo(newToken);
                    });
        }
        assertThat(journal).filteredOn(e -> e.type().equals("FENCE_HOST"))
                .as("the dead leader's fence, never completed, and the new leader's own")
                .extracting(e -> e.token() + " " + e.status())
                .contains(newToken + " SUCCEEDED").anyMatch(s -> s.startsWith(oldToken + " "));
        assertThat(journal).as("nothing the old leader decided after it lost the lease")
                .filteredOn(e -> e.token() == oldToken).noneMatch(e -> e.type().equals("START_VM"));
    }

    /**
     * The leader freezes (SIGSTOP: a long pause) just as h2 hangs. The standby leads once the lease ends, fences h2
     * and restarts app1. The old leader then wakes up believing it leads, with h2's heartbeat long overdue: it stands
     * down, and whatever it decides is refused, because its token no longer holds the lease. app1 runs once.
     */
    @Test
    void pausedLeaderWakesAfterLosingTheLease_andNothingItDecidesIsCarriedOut() throws Exception {
        LifeboatProcess leader = cluster.leader().orElseThrow();
        LifeboatProcess standby = cluster.standby().orElseThrow();
        long oldToken = cluster.token(leader);
        int entriesBefore = cluster.journal().size();

        cluster.host("h2").hang();
        leader.pause();
        try {
            // Taking the cluster up waits a few seconds for h2, which hangs, before it counts it unreachable.
            await("the standby leads").atMost(TTL.multipliedBy(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.leads(standby));
            await("the standby finished the failover").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        JsonPath status = status(standby);
                        assertThat(status.getString("hosts.find { it.name == 'h2' }.state")).isEqualTo("FENCED");
                        assertThat(status.getString("vms.find { it.name == 'app1' }.state")).isEqualTo("RUNNING");
                    });
        } finally {
            leader.resume();
        }
        int wokeAt = leader.log().length();

        await("the old leader stands down").atMost(TTL).pollInterval(Duration.ofMillis(200))
                .until(() -> !cluster.leads(leader) && leader.log().contains("stands down"));
        // For a lease's time, long enough for the woken replica's monitor and rules to see h2 silent and decide.
        await("every VM runs exactly once while the woken replica runs").during(TTL).atMost(TTL.plusSeconds(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.copiesRunning().equals(oncePerVm()) && cluster.leads(standby));
        List<Entry> after = cluster.journal();
        assertThat(after.subList(entriesBefore, after.size())).as("nothing journalled under the old token")
                .allSatisfy(e -> assertThat(e.token()).isNotEqualTo(oldToken));
        // Whatever the woken replica decided before it stood down was refused, by the journal's check of its lease.
        String awake = leader.log().substring(wokeAt);
        long decided = awake.lines().filter(l -> l.contains("(lifeboat-policy-loop)") && l.contains(" by ")).count();
        long refused = awake.lines().filter(l -> l.contains("the journal refused it") && l.contains("no longer leads")).count();
        System.out.printf("takeover: the woken leader decided %d actions, %d refused by the journal%n", decided, refused);
        assertThat(refused).as(awake).isGreaterThanOrEqualTo(decided);
    }
}
