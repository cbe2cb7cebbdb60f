package io.lifeboat.live;

import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.HostObservation;
import io.lifeboat.fencing.FenceResult.PowerState;
import io.lifeboat.fencing.IpmiSimBmc;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.service.LifeboatService;
import io.lifeboat.service.OnlyCluster;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.store.JournalEntry;
import io.lifeboat.testing.BmcPoweredHosts;
import io.lifeboat.testing.TestHosts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * Lifeboat in charge of a live cluster: four libvirt test-driver hosts, each with its own real BMC ({@code ipmi_sim}
 * on 127.0.0.1) fenced by the real {@code fence_ipmilan}, the whole cluster applied as one YAML document through
 * {@code PUT /api/v1/cluster}. A host that stops answering is fenced through its BMC and its VMs restart exactly
 * where the document's failover domain and anti-affinity group allow; what the hypervisors and the BMCs report is
 * checked, not only what Lifeboat believes.
 */
@QuarkusTest
@TestProfile(LiveIpmiProfile.class)
class LiveIpmiClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FAILOVER = Duration.ofSeconds(60);
    private static final List<String> HOSTS = List.of("h1", "h2", "h3", "h4");
    private static final List<String> VMS_OF_H1 = List.of("db1", "db2", "web1");
    /** A test tagged so gets a fence retry every 2 s instead of 30. */
    private static final String QUICK_RETRY = "quick-retry";
    /** A test tagged so may have running VMs moved to make room (the others keep defragmentMoves at 0). */
    private static final String DEFRAGMENT = "defragment";

    @Inject
    LibvirtDriver driver;
    @Inject
    PowerLedger ledger;
    @Inject
    LifeboatService service;

    private BmcPoweredHosts hosts;
    private long journalMark;

    @BeforeEach
    void applyTheClusterThroughTheApi(TestInfo test) throws Exception {
        assumeTrue(IpmiSimBmc.onPath("fence_ipmilan"), "fence_ipmilan not installed (apt-get install fence-agents)");
        assumeTrue(IpmiSimBmc.installed(), "ipmi_sim/ipmitool not installed (apt-get install openipmi ipmitool)");
        removeTheManagedCluster();
        Map<String, String> passwords = new LinkedHashMap<>();
        // Each BMC its own password: a device configured with another host's credentials could not fence.
        HOSTS.forEach(h -> passwords.put(h, h + UUID.randomUUID().toString().replace("-", "").substring(0, 12)));
        hosts = BmcPoweredHosts.start(driver, ledger, passwords);

        String yaml = document(Path.of("target/live-ipmi", test.getTestMethod().orElseThrow().getName()).toAbsolutePath(),
                test.getTags().contains(QUICK_RETRY), test.getTags().contains(DEFRAGMENT));
        operator().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/cluster").then().statusCode(200).body("changed", equalTo(true));
        // Every host answered a probe of its own: the hosts of an earlier test (same names) are forgotten.
        await("every host answered a probe").atMost(Duration.ofSeconds(15)).until(() -> OnlyCluster.loop(service).orElseThrow()
                .read(s -> s.facts(HostObservation.class)).stream().map(HostObservation::host)
                .collect(Collectors.toSet()).containsAll(HOSTS));
        journalMark = journalSince(0).stream().mapToLong(e -> e.id).max().orElse(0);
    }

    @AfterEach
    void stopTheBmcs() {
        if (hosts != null) {
            hosts.close();
        }
    }

    /**
     * h1 dies. fd-db is ordered and restricted to h1, h3, h2 (in that order). db1 goes to h3: h2 has more free memory
     * but comes later in the domain, and h4, with the most, is outside it. db2 (16 GiB) then fits on no member, and
     * is blocked although h4 has room. web1 avoids h4, the host with the most free memory, because web2 of its
     * anti-affinity group runs there, and takes h2. (With defragmentation, running VMs then make room for db2.)
     */
    private String document(Path dir, boolean quickRetry, boolean defragment) throws Exception {
        Map<String, String> uris = Map.of(
                "h1", TestHosts.write(dir, "h1", 16, 32768, sized("db1", 4096L, "db2", 16384L, "web1", 2048L)),
                "h2", TestHosts.write(dir, "h2", 16, 16384, sized("app1", 2048L)),
                "h3", TestHosts.write(dir, "h3", 16, 16384, sized("app2", 4096L)),
                "h4", TestHosts.write(dir, "h4", 16, 65536, sized("web2", 2048L)));
        return """
                cluster: {name: live, heartbeatTimeout: 3, memoryOvercommit: 1.0, vcpuOvercommit: 4.0%s}
                hosts:
                  - {name: h1, cpus: 16, memoryMiB: 32768, uri: "%s", fencing: [%s]}
                  - {name: h2, cpus: 16, memoryMiB: 16384, uri: "%s", fencing: [%s]}
                  - {name: h3, cpus: 16, memoryMiB: 16384, uri: "%s", fencing: [%s]}
                  - {name: h4, cpus: 16, memoryMiB: 65536, uri: "%s", fencing: [%s]}
                failoverDomains:
                  - name: fd-db
                    ordered: true
                    restricted: true
                    members: [{host: h1, priority: 1}, {host: h3, priority: 2}, {host: h2, priority: 3}]
                vms:
                  - {name: db1, vcpus: 1, memoryMiB: 4096, host: h1, ha: true, priority: 100, failoverDomain: fd-db}
                  - {name: db2, vcpus: 1, memoryMiB: 16384, host: h1, ha: true, priority: 50, failoverDomain: fd-db}
                  - {name: web1, vcpus: 1, memoryMiB: 2048, host: h1, ha: true, priority: 10, antiAffinity: web}
                  - {name: app1, vcpus: 1, memoryMiB: 2048, host: h2, ha: true}
                  - {name: app2, vcpus: 1, memoryMiB: 4096, host: h3, ha: true}
                  - {name: web2, vcpus: 1, memoryMiB: 2048, host: h4, ha: true, antiAffinity: web}
                """.formatted((quickRetry ? ", fenceRetryInitial: 2, fenceRetryMax: 2" : "")
                + (defragment ? "" : ", defragmentMoves: 0"), uris.get("h1"), fence("h1"), uris.get("h2"), fence("h2"), uris.get("h3"), fence("h3"),
                uris.get("h4"), fence("h4"));
    }

    /** One fence_ipmilan device on the host's own BMC, as YAML: every value a string, as agents read them. */
    private String fence(String host) {
        return "{level: 1, agent: fence_ipmilan, params: {" + hosts.fenceParams(host).entrySet().stream()
                .map(p -> p.getKey() + ": \"" + p.getValue() + "\"").collect(Collectors.joining(", ")) + "}}";
    }

    @Test
    void silentHost_isPoweredOffByItsBmc_andItsVmsRestartOnlyWhereTheDocumentAllows() throws Exception {
        hosts.hang("h1");

        await("h1 fenced, db1 and web1 restarted, db2 blocked").atMost(FAILOVER).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonPath s = status();
                    return "FENCED".equals(hostState(s, "h1")) && "RUNNING".equals(vmState(s, "db1"))
                            && "RUNNING".equals(vmState(s, "web1")) && "BLOCKED".equals(vmState(s, "db2"));
                });

        // The BMC itself, asked over IPMI, says h1 is off; no other host lost its power.
        assertThat(hosts.bmc("h1").powerStateOverIpmi()).isEqualTo(PowerState.OFF);
        List.of("h2", "h3", "h4").forEach(h -> assertThat(hosts.bmc(h).powerState()).as(h).isEqualTo(PowerState.ON));

        JsonPath status = status();
        assertThat(vmHost(status, "db1")).as("ordered fd-db: h3 before h2, though h2 has more room").isEqualTo("h3");
        assertThat(vmHost(status, "web1")).as("anti-affinity: not h4, where web2 runs").isEqualTo("h2");
        assertThat(status.getString("vms.find { it.name == 'db2' }.reason.code")).isEqualTo("NO_CAPACITY");
        assertThat(status.getString("vms.find { it.name == 'db2' }.reason.message")).contains("16384 MiB");
        // h4 had room for db2: only the restricted domain kept it off.
        assertThat(firedFor("vm/db2", "placement.restricted-domain")).anyMatch(m -> m.contains("Host[h4 "));
        assertThat(firedFor("vm/web1", "placement.anti-affinity")).anyMatch(m -> m.contains("Host[h4 "));

        // What the hypervisors run: h1 lost its domains with its power, each VM runs exactly once, db2 nowhere.
        assertThat(hosts.runningDomains()).containsExactly(entry("h1", List.of()), entry("h2", List.of("app1", "web1")),
                entry("h3", List.of("app2", "db1")), entry("h4", List.of("web2")));
        assertThat(hosts.copiesRunning()).containsOnlyKeys("app1", "app2", "db1", "web1", "web2")
                .allSatisfy((vm, copies) -> assertThat(copies).as(vm).isEqualTo(1L));

        // Fence before restart, in the journal: one fence of h1 that succeeded, and each start recorded after it.
        List<JournalEntry> journal = journalSince(journalMark);
        List<JournalEntry> fences = of(journal, "FENCE_HOST");
        assertThat(fences).singleElement().satisfies(f -> {
            assertThat(f.subject).isEqualTo("host/h1");
            assertThat(f.status).as(f.outcomeMessage).isEqualTo(ActionStatus.SUCCEEDED);
        });
        JournalEntry fence = fences.get(0);
        List<JournalEntry> starts = of(journal, "START_VM");
        assertThat(starts).extracting(s -> s.subject).containsExactlyInAnyOrder("vm/db1", "vm/web1");
        assertThat(starts).allSatisfy(s -> {
            assertThat(s.status).as(s.subject + ": " + s.outcomeMessage).isEqualTo(ActionStatus.SUCCEEDED);
            assertThat(s.id).isGreaterThan(fence.id);
            assertThat(s.recordedAt).as(s.subject + " decided after the fence's outcome")
                    .isAfterOrEqualTo(fence.completedAt);
        });
    }

    @Test
    @Tag(DEFRAGMENT)
    void noMemberHasRoomForDb2_runningVmsAreLiveMigratedWithinTheirConstraints_thenDb2StartsAndEveryVmRunsOnce()
            throws Exception {
        hosts.hang("h1");

        await("h1 fenced and all of its VMs running, db2 after moves").atMost(FAILOVER).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonPath s = status();
                    return "FENCED".equals(hostState(s, "h1")) && VMS_OF_H1.stream().allMatch(vm -> "RUNNING".equals(vmState(s, vm)));
                });

        // What the hypervisors run: every VM exactly once, none on h1; the document's constraints all hold.
        assertThat(hosts.copiesRunning()).containsOnlyKeys("app1", "app2", "db1", "db2", "web1", "web2")
                .allSatisfy((vm, copies) -> assertThat(copies).as(vm).isEqualTo(1L));
        assertThat(hosts.runningDomains().get("h1")).isEmpty();
        JsonPath status = status();
        assertThat(vmHost(status, "db1")).as("restricted fd-db").isIn("h2", "h3");
        assertThat(vmHost(status, "db2")).as("restricted fd-db").isIn("h2", "h3");
        assertThat(vmHost(status, "web1")).as("anti-affinity").isNotEqualTo(vmHost(status, "web2"));

        // The journal: the fence, then at most defragmentMoves (3) migrations, each done before db2's start was decided.
        List<JournalEntry> journal = journalSince(journalMark);
        JournalEntry fence = of(journal, "FENCE_HOST").get(0);
        List<JournalEntry> moves = of(journal, "MIGRATE_VM");
        assertThat(moves).isNotEmpty().hasSizeLessThanOrEqualTo(3).allSatisfy(m -> {
            assertThat(m.ruleId).isEqualTo("placement.defragment");
            assertThat(m.status).as(m.subject + ": " + m.outcomeMessage).isEqualTo(ActionStatus.SUCCEEDED);
            assertThat(m.reason).contains("making room", "for db2");
        });
        JournalEntry db2 = of(journal, "START_VM").stream().filter(s -> s.subject.equals("vm/db2")).findFirst().orElseThrow();
        assertThat(db2.recordedAt).isAfterOrEqualTo(fence.completedAt);
        assertThat(moves).allSatisfy(m -> assertThat(db2.recordedAt).as("db2 decided after " + m.subject + " moved")
                .isAfterOrEqualTo(m.completedAt));
    }

    @Test
    void silentHostWhoseBmcRefusesThePowerChange_keepsItsVmsBlockedNotFenced_andNothingStartsElsewhere()
            throws Exception {
        hosts.bmc("h1").refuseSetPower(true);
        hosts.hang("h1");

        await("h1's fence failed and its VMs are blocked").atMost(FAILOVER).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonPath s = status();
                    // DOWN: silent, and its fence failed (its VMs are BLOCKED as soon as it is silent).
                    return "DOWN".equals(s.getString("hosts.find { it.name == 'h1' }.state"))
                            && VMS_OF_H1.stream().allMatch(vm -> "BLOCKED".equals(vmState(s, vm)));
                });

        JsonPath status = status();
        for (String vm : VMS_OF_H1) {
            assertThat(status.getString("vms.find { it.name == '" + vm + "' }.reason.code")).as(vm)
                    .isEqualTo("NOT_FENCED");
            assertThat(status.getString("vms.find { it.name == '" + vm + "' }.reason.message")).as(vm)
                    .contains("every fence level of h1 failed");
        }
        assertThat(hostState(status, "h1")).as("silent, its fence failed: never counted as fenced").isEqualTo("DOWN");
        // Not later either: a refused fence must never turn into a start.
        await("nothing starts").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> of(journalSince(journalMark), "START_VM").isEmpty());

        assertThat(hosts.bmc("h1").powerStateOverIpmi()).as("the BMC kept h1 powered").isEqualTo(PowerState.ON);
        assertThat(hosts.runningDomains()).as("h1 still runs its VMs, and they run nowhere else")
                .containsExactly(entry("h1", VMS_OF_H1), entry("h2", List.of("app1")), entry("h3", List.of("app2")),
                        entry("h4", List.of("web2")));
        List<JournalEntry> journal = journalSince(journalMark);
        assertThat(of(journal, "FENCE_HOST")).singleElement().satisfies(f -> {
            assertThat(f.subject).isEqualTo("host/h1");
            assertThat(f.status).isIn(ActionStatus.FAILED, ActionStatus.TIMED_OUT);
        });
        assertThat(of(journal, "ALERT")).anySatisfy(a -> assertThat(a.subject).isEqualTo("host/h1"));
    }

    @Test
    @Tag(QUICK_RETRY)
    void bmcThatRefusesThenWorksAgain_theFenceIsRetried_andTheVmsRestartOnlyAfterItSucceeded() throws Exception {
        hosts.bmc("h1").refuseSetPower(true);
        hosts.hang("h1");
        await("h1's first fence attempt failed").atMost(FAILOVER).pollInterval(Duration.ofMillis(500))
                .until(() -> of(journalSince(journalMark), "FENCE_HOST").stream().anyMatch(f -> f.status != null
                        && f.status.isFinished() && f.status != ActionStatus.SUCCEEDED));
        JsonPath blocked = status();
        assertThat(VMS_OF_H1).as("blocked while h1 may still run them")
                .allSatisfy(vm -> assertThat(vmState(blocked, vm)).isEqualTo("BLOCKED"));
        assertThat(of(journalSince(journalMark), "START_VM")).isEmpty();

        hosts.bmc("h1").refuseSetPower(false); // the BMC works again (rebooted, cable back)

        await("h1 fenced by a retry, db1 and web1 restarted").atMost(FAILOVER).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonPath s = status();
                    return "FENCED".equals(hostState(s, "h1")) && "RUNNING".equals(vmState(s, "db1"))
                            && "RUNNING".equals(vmState(s, "web1"));
                });
        assertThat(hosts.bmc("h1").powerStateOverIpmi()).isEqualTo(PowerState.OFF);
        List<JournalEntry> journal = journalSince(journalMark);
        List<JournalEntry> fences = of(journal, "FENCE_HOST");
        assertThat(fences).as("failed attempts, then the one that worked, last").hasSizeGreaterThan(1);
        assertThat(fences.subList(0, fences.size() - 1)).allSatisfy(f -> assertThat(f.status)
                .isIn(ActionStatus.FAILED, ActionStatus.TIMED_OUT));
        JournalEntry worked = fences.get(fences.size() - 1);
        assertThat(worked.status).as(worked.outcomeMessage).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(of(journal, "START_VM")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.id).isGreaterThan(worked.id);
            assertThat(s.recordedAt).as(s.subject + " decided after the successful fence")
                    .isAfterOrEqualTo(worked.completedAt);
        });
        assertThat(hosts.copiesRunning()).allSatisfy((vm, copies) -> assertThat(copies).as(vm).isEqualTo(1L));
    }

    @Test
    void fenceTestAgainstABmcThatIsDown_reportsTheDeviceUnanswered_andChangesNothing() throws Exception {
        hosts.killBmc("h2");
        Response before = viewer().accept(ContentType.JSON).get("/api/v1/cluster");

        operator().post("/api/v1/hosts/h2/fence/test").then().statusCode(200)
                .body("allAnswered", equalTo(false))
                .body("devices", hasSize(1))
                .body("devices[0].agent", equalTo("fence_ipmilan"))
                .body("devices[0].outcome", oneOf("FAILED", "TIMED_OUT"))
                .body("devices[0].power", equalTo("UNKNOWN"));
        // The same check against a BMC that is up answers: the failure above is the dead BMC's, not the test's.
        operator().post("/api/v1/hosts/h3/fence/test").then().statusCode(200)
                .body("allAnswered", equalTo(true)).body("devices[0].power", equalTo("ON"));

        Response after = viewer().accept(ContentType.JSON).get("/api/v1/cluster");
        assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));
        assertThat(after.asString()).isEqualTo(before.asString());
        JsonPath status = status();
        assertThat(hostState(status, "h2")).isEqualTo("UP");
        assertThat(vmHost(status, "app1")).isEqualTo("h2");
        assertThat(hosts.runningDomains().get("h2")).containsExactly("app1");
        assertThat(hosts.bmc("h3").powerState()).isEqualTo(PowerState.ON);
        List<JournalEntry> journal = journalSince(journalMark);
        assertThat(journal).extracting(e -> e.type).as("only the two fence tests were journaled")
                .containsExactly("FENCE_TEST", "FENCE_TEST");
        assertThat(journal).extracting(e -> e.subject).containsExactly("host/h2", "host/h3");
    }

    /** Every VM out of Lifeboat's care, then every host out of the cluster: the next test applies its own anew. */
    private static void removeTheManagedCluster() throws Exception {
        Response export = viewer().accept(ContentType.JSON).get("/api/v1/cluster");
        if (export.statusCode() == 404) {
            return;
        }
        ClusterDocument stored = JSON.readValue(export.asString(), ClusterDocument.class);
        putWhenAccepted(new ClusterDocument(stored.cluster(), stored.hosts(), List.of(), stored.failoverDomains()));
        putWhenAccepted(new ClusterDocument(stored.cluster(), List.of(), List.of(), List.of()));
    }

    /** Removals are refused while an action on what they remove is in flight. */
    private static void putWhenAccepted(ClusterDocument document) throws Exception {
        String body = JSON.writeValueAsString(document);
        await("apply " + body.length() + " bytes").atMost(Duration.ofSeconds(30)).until(() -> operator()
                .contentType(ContentType.JSON).body(body).put("/api/v1/cluster").statusCode() == 200);
    }

    private static Map<String, Long> sized(Object... nameAndMiB) {
        Map<String, Long> domains = new LinkedHashMap<>();
        for (int i = 0; i < nameAndMiB.length; i += 2) {
            domains.put((String) nameAndMiB[i], (Long) nameAndMiB[i + 1]);
        }
        return domains;
    }

    private static JsonPath status() {
        return viewer().get("/api/v1/status?actions=100").then().statusCode(200).extract().jsonPath();
    }

    private static String hostState(JsonPath status, String host) {
        return status.getString("hosts.find { it.name == '" + host + "' }.state");
    }

    private static String vmState(JsonPath status, String vm) {
        return status.getString("vms.find { it.name == '" + vm + "' }.state");
    }

    private static String vmHost(JsonPath status, String vm) {
        return status.getString("vms.find { it.name == '" + vm + "' }.host");
    }

    /** The facts each firing of that rule matched, from the subject's explanation. */
    private static List<String> firedFor(String subject, String rule) {
        JsonPath explanation = viewer().get("/api/v1/explain/" + subject).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> chain = explanation.getList("chain");
        return chain.stream().filter(step -> rule.equals(step.get("rule")))
                .flatMap(step -> ((List<?>) step.get("matched")).stream().map(String::valueOf)).toList();
    }

    private static List<JournalEntry> journalSince(long id) {
        return QuarkusTransaction.requiringNew().call(() -> JournalEntry.<JournalEntry>list("id > ?1 order by id", id));
    }

    private static List<JournalEntry> of(List<JournalEntry> journal, String type) {
        return journal.stream().filter(e -> type.equals(e.type)).toList();
    }
}
