package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.lifeboat.fencing.FenceResult.PowerState;
import io.lifeboat.fencing.IpmiSimBmc;
import io.lifeboat.testing.LibvirtdHost;
import io.lifeboat.testing.LifeboatProcess;
import io.restassured.path.json.JsonPath;

/**
 * Two Lifeboat replicas, each a process of its own running the packaged jar, share a MariaDB database and lead the
 * cluster by lease. The hosts are shared too: three libvirt daemons serving libvirt's test driver, each behind a real
 * BMC ({@code ipmi_sim}, fenced by the real {@code fence_ipmilan}) whose power-off kills the host's daemon. What runs
 * where is asked of the hosts themselves; what was done is read from the journal in MariaDB.
 */
class ReplicaTakeoverIT {
    private static final String DATABASE = "lifeboat_takeover";
    /**
     * The database servers, one per replica in turn (lifeboat.takeover.servers, comma-separated): one MariaDB by default;
     * the nodes of a Galera cluster in deployment/galera/takeover-on-galera.sh. The test reads the first.
     */
    private static final List<String> SERVERS = List.of(System.getProperty("lifeboat.takeover.servers",
            "jdbc:mariadb://127.0.0.1:3306/").split(","));
    private static final String SERVER = SERVERS.get(0);
    private static final Duration TTL = Duration.ofSeconds(6);
    private static final Map<String, Map<String, Long>> VMS = Map.of(
            "h1", Map.of("db1", 256L, "web1", 256L),
            "h2", Map.of("app1", 256L),
            "h3", Map.of("app2", 256L));
    private static final List<String> ALL_VMS = List.of("app1", "app2", "db1", "web1");

    private final Map<String, LibvirtdHost> hosts = new LinkedHashMap<>();
    private final Map<String, IpmiSimBmc> bmcs = new LinkedHashMap<>();
    private final List<LifeboatProcess> replicas = new ArrayList<>();
    private final String adminPassword = "takeover-" + UUID.randomUUID();
    private Path dir;

    @BeforeEach
    void twoReplicasLeadingThreeSharedHosts(TestInfo test) throws Exception {
        assumeTrue(LibvirtdHost.installed(), "libvirtd not installed (apt-get install --no-install-recommends libvirt-daemon)");
        assumeTrue(IpmiSimBmc.installed() && IpmiSimBmc.onPath("fence_ipmilan"), "fence-agents, openipmi, ipmitool needed");
        assumeTrue(Files.exists(LifeboatProcess.JAR), "the packaged jar (mvn package) is needed");
        dir = Path.of("target/takeover", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); // an earlier run's logs
            }
        }
        try (Connection db = DriverManager.getConnection(SERVER, "root", ""); Statement sql = db.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
            sql.execute("CREATE DATABASE " + DATABASE);
        }
        for (String host : List.of("h1", "h2", "h3")) {
            LibvirtdHost started = LibvirtdHost.start(host, VMS.get(host));
            hosts.put(host, started);
            IpmiSimBmc bmc = IpmiSimBmc.start(host + "pw" + UUID.randomUUID().toString().substring(0, 8));
            bmc.onPowerOff(started.powerOffCommand());
            bmcs.put(host, bmc);
        }
        replicas.add(replica("a"));
        replicas.add(replica("b"));
        replicas.get(0).admin().contentType("application/yaml").body(document().getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/cluster").then().statusCode(200);
        await("one replica leads, the other stands by, every host up").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> leader().isPresent() && standby().isPresent()
                        && status(leader().get()).getList("hosts.findAll { it.state == 'UP' }").size() == 3
                        && status(leader().get()).getList("vms.findAll { it.state == 'RUNNING' }").size() == 4);
    }

    @AfterEach
    void stopEverything() {
        replicas.forEach(LifeboatProcess::close);
        bmcs.values().forEach(IpmiSimBmc::close);
        hosts.values().forEach(LibvirtdHost::close);
    }

    /**
     * h1 hangs. The leader fences it through its BMC, and is killed by the power cut itself: after the fence, before
     * any start, its outcome never journalled. The standby takes the lease when it ends, builds its session from the
     * store, waits out its startup grace, fences h1 again (the journal's open fence is not trusted, and off is off)
     * and restarts db1 and web1 on h2 and h3: each VM then runs exactly once, on the hosts themselves.
     */
    @Test
    void leaderKilledAfterTheFence_standbyLeadsWithinTheLease_andFinishesTheFailover() throws Exception {
        LifeboatProcess leader = leader().orElseThrow();
        LifeboatProcess standby = standby().orElseThrow();
        long oldToken = token(leader);
        bmcs.get("h1").onPowerOff(hosts.get("h1").powerOffCommand() + "\nkill -9 " + leader.pid());

        hosts.get("h1").hang();

        await("the leader fenced h1 and died of it").atMost(Duration.ofSeconds(60)).until(() -> !leader.alive());
        long killedAt = System.nanoTime();
        assertThat(bmcs.get("h1").powerState()).isEqualTo(PowerState.OFF);
        assertThat(journal()).as("the dead leader decided no start").noneMatch(e -> e.type.equals("START_VM"));
        await("the standby holds the lease").atMost(TTL.multipliedBy(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> leaseHolder().equals(standby.replica()));
        Duration leaseTaken = Duration.ofNanos(System.nanoTime() - killedAt);
        // The lease ends at most a TTL after the dead leader's newest renewal; the standby asks every third of it.
        assertThat(leaseTaken).as("lease taken after %s", leaseTaken).isLessThanOrEqualTo(TTL.plus(TTL.dividedBy(3))
                .plusSeconds(1));
        await("the standby manages the cluster").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> leads(standby));
        long newToken = token(standby);
        assertThat(newToken).isGreaterThan(oldToken);
        System.out.printf("takeover: the standby took the lease %d ms after the leader died and managed the cluster"
                + " %d ms after%n", leaseTaken.toMillis(), Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

        await("the standby finished the failover").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonPath status = status(standby);
                    assertThat(status.getString("hosts.find { it.name == 'h1' }.state")).isEqualTo("FENCED");
                    assertThat(status.getList("vms.findAll { it.state == 'RUNNING' }.name")).hasSize(4);
                });

        assertThat(hosts.get("h1").poweredOn()).isFalse();
        assertThat(copiesRunning()).as("every VM runs exactly once, on the surviving hosts").isEqualTo(oncePerVm());
        List<Entry> journal = journal();
        for (String vm : List.of("db1", "web1")) {
            assertThat(journal).as("one start of %s, by the new leader", vm)
                    .filteredOn(e -> e.type.equals("START_VM") && e.subject.equals("vm/" + vm))
                    .singleElement().satisfies(e -> {
                        assertThat(e.status).isEqualTo("SUCCEEDED");
                        assertThat(e.token).isEqualTo(newToken);
                    });
        }
        assertThat(journal).filteredOn(e -> e.type.equals("FENCE_HOST"))
                .as("the dead leader's fence, never completed, and the new leader's own")
                .extracting(e -> e.token + " " + e.status)
                .contains(newToken + " SUCCEEDED").anyMatch(s -> s.startsWith(oldToken + " "));
        assertThat(journal).as("nothing the old leader decided after it lost the lease")
                .filteredOn(e -> e.token == oldToken).noneMatch(e -> e.type.equals("START_VM"));
    }

    /**
     * The leader freezes (SIGSTOP: a long pause) just as h2 hangs. The standby leads once the lease ends, fences h2
     * and restarts app1. The old leader then wakes up believing it leads, with h2's heartbeat long overdue: it stands
     * down, and whatever it decides is refused, because its token no longer holds the lease. app1 runs once.
     */
    @Test
    void pausedLeaderWakesAfterLosingTheLease_andNothingItDecidesIsCarriedOut() throws Exception {
        LifeboatProcess leader = leader().orElseThrow();
        LifeboatProcess standby = standby().orElseThrow();
        long oldToken = token(leader);
        int entriesBefore = journal().size();

        hosts.get("h2").hang();
        leader.pause();
        try {
            // Taking the cluster up waits a few seconds for h2, which hangs, before it counts it unreachable.
            await("the standby leads").atMost(TTL.multipliedBy(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> leads(standby));
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
                .until(() -> !leads(leader) && leader.log().contains("stands down"));
        // For a lease's time, long enough for the woken replica's monitor and rules to see h2 silent and decide.
        await("every VM runs exactly once while the woken replica runs").during(TTL).atMost(TTL.plusSeconds(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> copiesRunning().equals(oncePerVm()) && leads(standby));
        assertThat(journal().subList(entriesBefore, journal().size())).as("nothing journalled under the old token")
                .allSatisfy(e -> assertThat(e.token).isNotEqualTo(oldToken));
        // Whatever the woken replica decided before it stood down was refused, by the journal's check of its lease.
        String awake = leader.log().substring(wokeAt);
        long decided = awake.lines().filter(l -> l.contains("(lifeboat-policy-loop)") && l.contains(" by ")).count();
        long refused = awake.lines().filter(l -> l.contains("the journal refused it") && l.contains("no longer leads")).count();
        System.out.printf("takeover: the woken leader decided %d actions, %d refused by the journal%n", decided, refused);
        assertThat(refused).as(awake).isGreaterThanOrEqualTo(decided);
    }

    private LifeboatProcess replica(String name) throws Exception {
        String server = SERVERS.get(replicas.size() % SERVERS.size());
        return LifeboatProcess.start(name, dir, adminPassword, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", server + DATABASE,
                "LIFEBOAT_JOURNAL_LOCAL_FILE", dir.resolve(name + "-journal.wal").toString(),
                "QUARKUS_DATASOURCE_USERNAME", "root",
                "LIFEBOAT_LEADERSHIP_ENABLED", "true",
                "LIFEBOAT_LEADERSHIP_TTL", TTL.toSeconds() + "s",
                "LIFEBOAT_MONITOR_INTERVAL", "1s",
                "LIFEBOAT_FENCING_STARTUP_GRACE", "3s",
                "LIFEBOAT_FENCING_AGENT_TIMEOUT", "20s"));
    }

    private String document() {
        StringBuilder yaml = new StringBuilder("cluster: {name: takeover, heartbeatTimeout: 3, memoryOvercommit: 1.0,"
                + " vcpuOvercommit: 4.0}\nhosts:\n");
        hosts.forEach((name, host) -> yaml.append("  - {name: ").append(name).append(", cpus: 16, memoryMiB: 3072, uri: \"")
                .append(host.uri()).append("\", fencing: [{level: 1, agent: fence_ipmilan, params: {")
                .append(bmcs.get(name).agentParams(bmcs.get(name).password()).entrySet().stream()
                        .map(p -> p.getKey() + ": \"" + p.getValue() + "\"").collect(Collectors.joining(", ")))
                .append("}}]}\n"));
        yaml.append("vms:\n");
        VMS.forEach((host, vms) -> vms.forEach((vm, mib) -> yaml.append("  - {name: ").append(vm)
                .append(", vcpus: 1, memoryMiB: ").append(mib).append(", host: ").append(host).append(", ha: true}\n")));
        return yaml.toString();
    }

    private Optional<LifeboatProcess> leader() {
        return replicas.stream().filter(LifeboatProcess::alive).filter(this::leads).findFirst();
    }

    private Optional<LifeboatProcess> standby() {
        return replicas.stream().filter(LifeboatProcess::alive).filter(r -> !leads(r)).findFirst();
    }

    private boolean leads(LifeboatProcess replica) {
        try {
            JsonPath status = status(replica);
            return status.getBoolean("replica.leading") && status.getBoolean("managing");
        } catch (Exception | AssertionError notAnswering) { // a paused or dead replica, or one still starting
            return false;
        }
    }

    private long token(LifeboatProcess replica) {
        return status(replica).getLong("replica.token");
    }

    private static JsonPath status(LifeboatProcess replica) {
        return replica.admin().get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Long> oncePerVm() {
        return ALL_VMS.stream().collect(Collectors.toMap(vm -> vm, vm -> 1L, (x, y) -> x, TreeMap::new));
    }

    /** How many copies of each VM run, over the hosts that have power, asked of the hosts themselves. */
    private Map<String, Long> copiesRunning() throws Exception {
        Map<String, Long> copies = new TreeMap<>();
        for (LibvirtdHost host : hosts.values()) {
            if (host.poweredOn()) {
                host.running().forEach(vm -> copies.merge(vm, 1L, Long::sum));
            }
        }
        return copies;
    }

    private static String leaseHolder() throws SQLException {
        try (Connection db = DriverManager.getConnection(SERVER + DATABASE, "root", "");
             Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("SELECT holder FROM leadership_lease")) {
            return row.next() ? row.getString("holder") : "";
        }
    }

    /** One journal entry as MariaDB holds it, with the lease token of the leader that decided it. */
    private record Entry(String type, String subject, String status, long token) {
    }

    private static List<Entry> journal() throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(SERVER + DATABASE, "root", "");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT type, subject, status, lease_token FROM journal_entry ORDER BY id")) {
            while (rows.next()) {
                entries.add(new Entry(rows.getString("type"), rows.getString("subject"), rows.getString("status"),
                        rows.getLong("lease_token")));
            }
        }
        return entries;
    }
}
