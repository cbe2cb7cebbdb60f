package io.lifeboat.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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

import io.lifeboat.fencing.IpmiSimBmc;
import io.restassured.path.json.JsonPath;

/**
 * Lifeboat replicas as separate processes (the packaged jar) leading one cluster by lease, on a MariaDB they share,
 * and three hosts they all reach: a {@code libvirtd} per host serving libvirt's test driver, behind a real BMC
 * ({@code ipmi_sim}, fenced by {@code fence_ipmilan}) whose power-off kills that daemon. What runs where is asked of
 * the hosts themselves; what was done is read from the journal in the database.
 */
public final class ReplicaCluster implements AutoCloseable {
    public static final String DATABASE = "lifeboat_replicas";
    public static final Map<String, Map<String, Long>> VMS = Map.of(
            "h1", Map.of("db1", 256L, "web1", 256L),
            "h2", Map.of("app1", 256L),
            "h3", Map.of("app2", 256L));
    public static final List<String> ALL_VMS = List.of("app1", "app2", "db1", "web1");

    private final Path dir;
    private final List<String> servers;
    private final Duration ttl;
    private final Map<String, LibvirtdHost> hosts = new LinkedHashMap<>();
    private final Map<String, IpmiSimBmc> bmcs = new LinkedHashMap<>();
    private final List<LifeboatProcess> replicas = new ArrayList<>();
    private final String adminPassword = "replicas-" + UUID.randomUUID();

    /** One journal entry as the database holds it, with the lease token of the leader that decided it (0: none). */
    public record Entry(String type, String subject, String status, long token, Instant recordedAt, Instant completedAt,
                        String reason) {
    }

    /** Whether this machine has what the cluster needs (libvirtd, ipmi_sim, fence_ipmilan, the packaged jar). */
    public static Optional<String> missing() {
        if (!LibvirtdHost.installed()) {
            return Optional.of("libvirtd not installed (apt-get install --no-install-recommends libvirt-daemon)");
        }
        if (!IpmiSimBmc.installed() || !IpmiSimBmc.onPath("fence_ipmilan")) {
            return Optional.of("fence-agents, openipmi and ipmitool are needed");
        }
        return Files.exists(LifeboatProcess.JAR) ? Optional.empty() : Optional.of("the packaged jar (mvn package) is needed");
    }

    /**
     * Starts the hosts, their BMCs and {@code replicaNames} replicas on a fresh database, applies the cluster and waits
     * until one replica leads, the others stand by and every host is up.
     *
     * @param servers JDBC URLs of the database servers without a database, one per replica in turn
     */
    public static ReplicaCluster start(Path dir, List<String> servers, Duration ttl, List<String> replicaNames)
            throws Exception {
        ReplicaCluster cluster = new ReplicaCluster(dir, servers, ttl);
        try {
            cluster.startAll(replicaNames);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private ReplicaCluster(Path dir, List<String> servers, Duration ttl) {
        this.dir = dir;
        this.servers = servers;
        this.ttl = ttl;
    }

    private void startAll(List<String> replicaNames) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); // an earlier run's logs
            }
        }
        try (Connection db = DriverManager.getConnection(servers.get(0), "root", ""); Statement sql = db.createStatement()) {
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
        for (String name : replicaNames) {
            replicas.add(startReplica(name));
        }
        replicas.get(0).admin().contentType("application/yaml").body(document().getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/cluster").then().statusCode(200);
        await("one replica leads, the others stand by, every host up").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> leader().isPresent()
                        && status(leader().get()).getList("hosts.findAll { it.state == 'UP' }").size() == 3
                        && status(leader().get()).getList("vms.findAll { it.state == 'RUNNING' }").size() == 4);
    }

    /** Starts a replica (again, after a kill), on the next database server in turn. */
    public LifeboatProcess startReplica(String name) throws IOException {
        String server = servers.get(replicas.size() % servers.size());
        LifeboatProcess started = LifeboatProcess.start(name, dir, adminPassword, Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", server + DATABASE + "?connectTimeout=2000&socketTimeout=10000",
                "LIFEBOAT_JOURNAL_LOCAL_FILE", dir.resolve(name + "-journal.wal").toString(),
                "QUARKUS_DATASOURCE_USERNAME", "root",
                "LIFEBOAT_LEADERSHIP_ENABLED", "true",
                "LIFEBOAT_LEADERSHIP_TTL", ttl.toSeconds() + "s",
                "LIFEBOAT_MONITOR_INTERVAL", "1s",
                "LIFEBOAT_FENCING_STARTUP_GRACE", "3s",
                "LIFEBOAT_FENCING_AGENT_TIMEOUT", "20s"));
        replicas.removeIf(r -> r.replica().equals(name) && !r.alive());
        replicas.add(started);
        return started;
    }

    public Duration ttl() {
        return ttl;
    }

    public LibvirtdHost host(String name) {
        return hosts.get(name);
    }

    public IpmiSimBmc bmc(String host) {
        return bmcs.get(host);
    }

    public List<LifeboatProcess> replicas() {
        return List.copyOf(replicas);
    }

    private String document() {
        StringBuilder yaml = new StringBuilder("cluster: {name: replicas, heartbeatTimeout: 3, memoryOvercommit: 1.0,"
                + " vcpuOvercommit: 4.0, fenceRetryInitial: 2, fenceRetryMax: 5}\nhosts:\n");
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

    public Optional<LifeboatProcess> leader() {
        return replicas.stream().filter(LifeboatProcess::alive).filter(this::leads).findFirst();
    }

    public Optional<LifeboatProcess> standby() {
        return replicas.stream().filter(LifeboatProcess::alive).filter(r -> !leads(r)).findFirst();
    }

    /** Whether the replica says it leads and manages the cluster; false for one paused, dead or still starting. */
    public boolean leads(LifeboatProcess replica) {
        try {
            JsonPath status = status(replica);
            return status.getBoolean("replica.leading") && status.getBoolean("managing");
        } catch (Exception | AssertionError notAnswering) { // RestAssured throws ConnectException unchecked
            return false;
        }
    }

    public long token(LifeboatProcess replica) {
        return status(replica).getLong("replica.token");
    }

    public static JsonPath status(LifeboatProcess replica) {
        return replica.admin().get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }

    /** How many copies of each VM run, over the hosts that have power, asked of the hosts themselves. */
    public Map<String, Long> copiesRunning() throws Exception {
        Map<String, Long> copies = new TreeMap<>();
        for (LibvirtdHost host : hosts.values()) {
            if (host.poweredOn()) {
                host.running().forEach(vm -> copies.merge(vm, 1L, Long::sum));
            }
        }
        return copies;
    }

    public static Map<String, Long> oncePerVm() {
        return ALL_VMS.stream().collect(Collectors.toMap(vm -> vm, vm -> 1L, (x, y) -> x, TreeMap::new));
    }

    /** The replica holding the lease in the database, and its token ("" and 0 before anyone took it). */
    public Map.Entry<String, Long> lease() throws SQLException {
        try (Connection db = DriverManager.getConnection(servers.get(0) + DATABASE, "root", "");
             Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("SELECT holder, token FROM leadership_lease")) {
            return row.next() ? Map.entry(row.getString(1), row.getLong(2)) : Map.entry("", 0L);
        }
    }

    public List<Entry> journal() throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(servers.get(0) + DATABASE, "root", "");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT type, subject, status, lease_token, recorded_at, completed_at,"
                     + " reason FROM journal_entry ORDER BY id")) {
            while (rows.next()) {
                entries.add(new Entry(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                        rows.getTimestamp(5).toInstant(),
                        rows.getTimestamp(6) == null ? null : rows.getTimestamp(6).toInstant(), rows.getString(7)));
            }
        }
        return entries;
    }

    @Override
    public void close() {
        replicas.forEach(LifeboatProcess::close);
        bmcs.values().forEach(IpmiSimBmc::close);
        hosts.values().forEach(LibvirtdHost::close);
    }
}
