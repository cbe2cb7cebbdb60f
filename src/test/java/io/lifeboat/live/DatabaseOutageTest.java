package io.lifeboat.live;

import static io.lifeboat.testing.ApiUsers.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.HostObservation;
import io.lifeboat.fencing.FenceResult.PowerState;
import io.lifeboat.fencing.IpmiSimBmc;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.policy.ClusterPicture;
import io.lifeboat.service.LifeboatService;
import io.lifeboat.service.OnlyCluster;
import io.lifeboat.store.ResilientJournal;
import io.lifeboat.api.Roles;
import io.lifeboat.testing.ApiUsers;
import io.lifeboat.testing.BmcPoweredHosts;
import io.lifeboat.testing.OwnMariaDb;
import io.lifeboat.testing.TestHosts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

/**
 * The database goes away in the middle of a failover (it may have been a VM on the host that failed): a MariaDB of the
 * test's own is killed once the host is silent, before it is fenced. The fence and the restarts go on, each journalled
 * first in the local file; readiness says so, configuration changes wait (503) and an alert fires. When the database
 * is back the local journal is merged into it: every action once, with its outcome, the file empty again.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.OwnDatabase.class)
class DatabaseOutageTest {
    /** A file of this run's own: lines an aborted earlier run left must not reach this run's fresh database. */
    private static final Path LOCAL_JOURNAL = Path.of("target/outage-journal-" + UUID.randomUUID() + ".wal");

    /** The live cluster's settings, on a database of the test's own; the local journal offered back every second. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new LiveIpmiProfile().getConfigOverrides());
            config.put("lifeboat.journal.local-file", LOCAL_JOURNAL.toString());
            config.put("lifeboat.journal.merge-every", "1s");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnMariaDb.class));
        }
    }

    @Inject
    ResilientJournal journal;
    @Inject
    LifeboatService service;
    @Inject
    LibvirtDriver driver;
    @Inject
    PowerLedger ledger;

    private BmcPoweredHosts hosts;

    @Test
    void databaseKilledMidFailover_failoverCompletes_andTheJournalIsWholeOnceItReturns() throws Exception {
        assumeTrue(IpmiSimBmc.onPath("fence_ipmilan") && IpmiSimBmc.installed(), "fence-agents, openipmi, ipmitool");
        Map<String, String> passwords = new LinkedHashMap<>();
        List.of("h1", "h2", "h3").forEach(h -> passwords.put(h, h + UUID.randomUUID().toString().substring(0, 8)));
        try (BmcPoweredHosts bmcs = BmcPoweredHosts.start(driver, ledger, passwords)) {
            hosts = bmcs;
            failOverWithoutTheDatabase(passwords);
        }
    }

    private void failOverWithoutTheDatabase(Map<String, String> passwords) throws Exception {
        operator().contentType("application/yaml").body(document().getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/cluster").then().statusCode(200);
        await("every host answered").atMost(Duration.ofSeconds(15)).until(() -> OnlyCluster.loop(service).orElseThrow()
                .read(s -> s.facts(HostObservation.class)).size() == 3);

        hosts.hang("h1");
        await("h1 silent").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"UP".equals(hostState("h1")));
        OwnMariaDb.current().killServer();

        await("h1 fenced and its VMs running elsewhere, with no database").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> "FENCED".equals(hostState("h1"))
                        && "RUNNING".equals(vmState("db1")) && "RUNNING".equals(vmState("web1")));
        assertThat(hosts.bmc("h1").powerState()).isEqualTo(PowerState.OFF);
        assertThat(hosts.copiesRunning()).as("each VM runs once, on the hosts themselves")
                .containsOnlyKeys("app1", "app2", "db1", "web1").allSatisfy((vm, copies) -> assertThat(copies).isEqualTo(1L));
        assertThat(journal.mode().local()).isTrue();
        String kept = Files.readString(LOCAL_JOURNAL);
        assertThat(kept).as("journalled before acting, in the local file")
                .contains("\"FENCE_HOST\"", "\"host/h1\"", "\"vm/db1\"", "\"vm/web1\"", "failover.alert-journal-kept-locally");
        assertThat(passwords.values()).as("no fence password in the local file").noneMatch(kept::contains);
        RestAssured.given().get("/q/health/ready").then().statusCode(503);
        assertThat(RestAssured.given().get("/q/health/ready").jsonPath().getString("checks.find { it.name == 'journal' }.data.kept"))
                .isEqualTo("local file");
        // The operator exists already: signing in must not need a new user while the database is away.
        var change = RestAssured.given().auth().preemptive().basic(Roles.OPERATOR, ApiUsers.password(Roles.OPERATOR))
                .contentType("application/yaml").body(document().getBytes(StandardCharsets.UTF_8)).put("/api/v1/cluster");
        assertThat(change.statusCode()).as(change.asString()).isEqualTo(503);
        assertThat(change.jsonPath().getString("code")).isEqualTo("DATABASE_UNAVAILABLE");

        OwnMariaDb.current().startServer();

        await("the local journal merged").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !journal.mode().local());
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        assertThat(Files.size(LOCAL_JOURNAL)).isZero();
        List<String> entries = journalInTheDatabase();
        assertThat(entries).as("each action once, completed").containsOnlyOnce("FENCE_HOST host/h1 SUCCEEDED",
                "START_VM vm/db1 SUCCEEDED", "START_VM vm/web1 SUCCEEDED", "ALERT cluster/outage SUCCEEDED")
                .noneMatch(e -> e.endsWith("DISPATCHED"));
        assertThat(entries.stream().filter(e -> e.startsWith("START_VM"))).as("no start repeated")
                .containsExactlyInAnyOrder("START_VM vm/db1 SUCCEEDED", "START_VM vm/web1 SUCCEEDED");
        // A fence attempt that timed out (ipmi_sim slow under load) is retried by the rules: a FAILED entry of its own.
        assertThat(entries.stream().filter(e -> e.startsWith("FENCE_HOST"))).as("one fence, after its failed attempts")
                .endsWith("FENCE_HOST host/h1 SUCCEEDED").containsOnlyOnce("FENCE_HOST host/h1 SUCCEEDED")
                .allMatch(e -> e.equals("FENCE_HOST host/h1 SUCCEEDED") || e.equals("FENCE_HOST host/h1 FAILED"));
    }

    private String document() throws Exception {
        Path dir = Path.of("target/database-outage").toAbsolutePath();
        Map<String, String> uris = Map.of(
                "h1", TestHosts.write(dir, "h1", 16, 16384, Map.of("db1", 2048L, "web1", 2048L)),
                "h2", TestHosts.write(dir, "h2", 16, 16384, Map.of("app1", 2048L)),
                "h3", TestHosts.write(dir, "h3", 16, 16384, Map.of("app2", 2048L)));
        StringBuilder yaml = new StringBuilder("cluster: {name: outage, heartbeatTimeout: 3, memoryOvercommit: 1.0,"
                + " vcpuOvercommit: 4.0, defragmentMoves: 0}\nhosts:\n");
        for (String host : List.of("h1", "h2", "h3")) {
            yaml.append("  - {name: ").append(host).append(", cpus: 16, memoryMiB: 16384, uri: \"").append(uris.get(host))
                    .append("\", fencing: [{level: 1, agent: fence_ipmilan, params: {")
                    .append(hosts.fenceParams(host).entrySet().stream().map(p -> p.getKey() + ": \"" + p.getValue() + "\"")
                            .collect(Collectors.joining(", ")))
                    .append("}}]}\n");
        }
        yaml.append("""
                vms:
                  - {name: db1, vcpus: 1, memoryMiB: 2048, host: h1, ha: true}
                  - {name: web1, vcpus: 1, memoryMiB: 2048, host: h1, ha: true}
                  - {name: app1, vcpus: 1, memoryMiB: 2048, host: h2, ha: true}
                  - {name: app2, vcpus: 1, memoryMiB: 2048, host: h3, ha: true}
                """);
        return yaml.toString();
    }

    /** Read from the live session, not through the API: the API's status also reads the journal in the database. */
    private String hostState(String host) {
        return OnlyCluster.loop(service).orElseThrow().read(s -> ClusterPicture.of(s).host(host).state().name());
    }

    private String vmState(String vm) {
        return OnlyCluster.loop(service).orElseThrow().read(s -> ClusterPicture.of(s).vms().stream()
                .filter(row -> row.name().equals(vm)).findFirst().orElseThrow().state().name());
    }

    /** "TYPE subject STATUS" per entry, from the test's own connection. */
    private static List<String> journalInTheDatabase() throws Exception {
        List<String> entries = new ArrayList<>();
        try (Connection db = OwnMariaDb.current().connect(OwnMariaDb.DATABASE); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT type, subject, status FROM journal_entry ORDER BY id")) {
            while (rows.next()) {
                entries.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
            }
        }
        return entries;
    }
}
