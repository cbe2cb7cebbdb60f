package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostObservation;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.HostUnresponsive;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmState;
import io.lifeboat.fencing.ManualFenceConfirmation.Verdict;
import io.lifeboat.fencing.ManualFenceConfirmation;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.service.LifeboatService;
import io.lifeboat.service.OnlyCluster;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.store.ClusterStore;
import io.lifeboat.store.JournalEntry;
import io.lifeboat.testing.TestClusters;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** The cluster document over REST against MariaDB: export, apply, versions, validation, and the live session it feeds. */
@QuarkusTest
@TestProfile(ConfigurationProfile.class)
class ClusterResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LifeboatService service;
    @Inject
    ClusterStore store;
    @Inject
    LibvirtDriver driver;
    @Inject
    PowerLedger ledger;

    private ClusterDocument base;

    /** Every test starts from the base cluster with fresh hosts: VMs out of care, hosts removed, all applied anew. */
    @BeforeEach
    void applyTheBaseCluster() throws Exception {
        base = TestClusters.threeHosts(Path.of("target/test-config").toAbsolutePath(), 300);
        if (OnlyCluster.loop(service).isPresent()) {
            apply(new ClusterDocument(base.cluster(), base.hosts(), List.of(), List.of()));
            apply(new ClusterDocument(base.cluster(), List.of(), List.of(), List.of()));
        }
        apply(base);
    }

    private static void apply(ClusterDocument document) throws Exception {
        operator().contentType(ContentType.JSON).body(JSON.writeValueAsString(document))
                .put("/api/v1/cluster").then().statusCode(200);
    }

    @Test
    void export_masksEverySecretAndCarriesTheVersionAsETag() {
        Response export = viewer().accept(ContentType.JSON).get("/api/v1/cluster");

        export.then().statusCode(200)
                .body("hosts[1].fencing[1].params.password", equalTo("********"))
                .body("hosts[1].fencing[1].params.username", equalTo("admin"))
                .body("hosts[0].uri", containsString("h1.xml"))
                .body("vms.find { it.name == 'db1' }.host", equalTo("h1"));
        assertThat(export.asString()).doesNotContain(TestClusters.IPMI_PASSWORD);
        assertThat(export.header("ETag")).matches("\"\\d+\"");
    }

    @Test
    void exportApplyExport_isTheIdentity_andTheSecondApplyChangesAndJournalsNothing() {
        Response first = viewer().accept(ContentType.JSON).get("/api/v1/cluster");
        long changes = configChanges();

        operator().contentType(ContentType.JSON).header("If-Match", first.header("ETag")).body(first.asString())
                .put("/api/v1/cluster").then().statusCode(200)
                .body("changed", equalTo(false))
                .header("ETag", equalTo(first.header("ETag")));
        Response second = viewer().accept(ContentType.JSON).get("/api/v1/cluster");

        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(configChanges()).as("nothing journaled the second time").isEqualTo(changes);
        assertThat(store.devices("h2", 2)).singleElement().satisfies(d -> assertThat(d.params())
                .as("the mask kept the stored password").containsEntry("password", TestClusters.IPMI_PASSWORD));
    }

    @Test
    void yamlExportAppliedBack_changesNothing() {
        String yaml = viewer().accept("application/yaml").get("/api/v1/cluster").then().statusCode(200)
                .extract().asString();

        assertThat(yaml).contains("name: \"lab\"").doesNotContain(TestClusters.IPMI_PASSWORD);
        operator().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).put("/api/v1/cluster").then().statusCode(200)
                .body("changed", equalTo(false));
    }

    @Test
    void staleIfMatch_is412_andChangesNothing() {
        String etag = viewer().get("/api/v1/cluster").header("ETag");
        operator().contentType(ContentType.JSON).body("{\"name\":\"lab\",\"heartbeatTimeout\":200}")
                .put("/api/v1/cluster/settings").then().statusCode(200);

        operator().contentType(ContentType.JSON).header("If-Match", etag).body("{\"name\":\"lab\",\"heartbeatTimeout\":100}")
                .put("/api/v1/cluster/settings").then().statusCode(412)
                .body("code", equalTo("STALE_VERSION"));
        viewer().get("/api/v1/cluster/settings").then().body("heartbeatTimeout", equalTo(200));
    }

    @Test
    void invalidDocuments_are400WithTheFieldAndChangeNothing() throws Exception {
        String before = viewer().get("/api/v1/cluster").asString();
        String doc = JSON.writeValueAsString(base);
        Map<String, String> cases = new java.util.HashMap<>(Map.ofEntries(
                Map.entry(doc.replaceFirst("\"lanplus\":\"1\"", "\"lanplus\":\"1\",\"bogus_param\":\"x\""),
                        "/hosts/1/fencing/1/params/bogus_param"),
                Map.entry(doc.replaceFirst("\"agent\":\"fence_ipmilan\"", "\"agent\":\"fence_not_installed\""),
                        "/hosts/1/fencing/1/params"),
                Map.entry(doc.replaceFirst("\"lanplus\":\"1\"", "\"lanplus\":\"1\",\"action\":\"reboot\""),
                        "/hosts/1/fencing/1/params/action"),
                Map.entry(doc.replaceFirst("\"heartbeatTimeout\":300", "\"heartbeatTimeout\":600,\"fencingGrace\":600"),
                        "/cluster/heartbeatTimeout"),
                Map.entry(doc.replaceFirst("\"os\":\"RHEL\"", "\"os\":\"" + "R".repeat(40) + "\""), "/hosts/0/os"),
                Map.entry(doc.replaceFirst("\"state\":\"UP\"", "\"state\":\"FENCED\""), "/hosts/0/state"),
                Map.entry(doc.replaceFirst("\"storage\":\\[\"san1\"", "\"storage\":[\"san,1\""), "/hosts/0/storage/0")));
        cases.putAll(Map.of(
                doc.replaceFirst("\"memoryMiB\":32768", "\"memoryMiB\":-1"), "/hosts/0/memoryMiB",
                doc.replaceFirst("\"cpus\":16", "\"cpus\":16,\"bogus\":1"), "/hosts/0/bogus",
                doc.replaceFirst("\"host\":\"h2\"", "\"host\":\"h9\""), "/vms/2/host",
                doc.replaceFirst("\"failoverDomain\":\"fd-db\"", "\"failoverDomain\":\"nope\""), "/vms/0/failoverDomain",
                doc.replaceFirst(",\"uri\":\"[^\"]*\"", ""), "/hosts/0/uri",
                doc.replaceFirst("\"uri\":\"[^\"]*\"", "\"uri\":\"not a uri\""), "/hosts/0/uri",
                doc.replaceFirst("\\{\"cluster\"", "{\"events\":[],\"cluster\""), "/events",
                doc.replaceFirst("\"name\":\"web1\"", "\"name\":\"db1\""), "/vms/1/name",
                doc.replaceFirst("\"mode\":\"RHEL_HA\"", "\"mode\":\"OPENSTACK\""), "/cluster/mode"));
        assertThat(cases).doesNotContainKey(doc).as("every case changes the document").hasSize(16);
        cases.forEach((body, field) -> operator().contentType(ContentType.JSON).body(body).put("/api/v1/cluster")
                .then().statusCode(400).body("field", equalTo(field)).body("message", org.hamcrest.Matchers.not(
                        containsString(TestClusters.IPMI_PASSWORD))));

        assertThat(viewer().get("/api/v1/cluster").asString()).isEqualTo(before);
    }

    @Test
    void bodyOverTheLimit_is413WithTheEnvelope_andChangesNothing() throws Exception {
        String before = viewer().get("/api/v1/cluster").asString();
        String huge = JSON.writeValueAsString(base).replace("\"prod\"", "\"" + "p".repeat(70_000) + "\"");

        operator().contentType(ContentType.JSON).body(huge).put("/api/v1/cluster").then().statusCode(413)
                .body("code", equalTo("BODY_TOO_LARGE"));
        assertThat(viewer().get("/api/v1/cluster").asString()).isEqualTo(before);
    }

    @Test
    void hostsOneAtATime_addReadConflictReplaceRemove() {
        String h4 = "{\"name\":\"h4\",\"cpus\":8,\"memoryMiB\":16384,\"storage\":[\"san1\"],\"networks\":[\"prod\"],"
                + "\"uri\":\"test:///nowhere/h4.xml\"}";
        operator().contentType(ContentType.JSON).body(h4).post("/api/v1/hosts").then().statusCode(201)
                .body("summary", equalTo("hosts +h4"));
        viewer().get("/api/v1/hosts/h4").then().statusCode(200).body("os", equalTo("RHEL")).body("state", equalTo("UP"));
        operator().contentType(ContentType.JSON).body(h4).post("/api/v1/hosts").then().statusCode(409)
                .body("code", equalTo("ALREADY_EXISTS"));
        operator().contentType(ContentType.JSON).body(h4.replace("\"cpus\":8", "\"cpus\":0")).put("/api/v1/hosts/h4")
                .then().statusCode(400).body("field", equalTo("/cpus"));
        operator().contentType(ContentType.JSON).body(h4).put("/api/v1/hosts/h5").then().statusCode(400)
                .body("field", equalTo("/name"));
        assertThat(liveHosts()).containsKey("h4");

        operator().delete("/api/v1/hosts/h4").then().statusCode(200);
        viewer().get("/api/v1/hosts/h4").then().statusCode(404).body("code", equalTo("UNKNOWN_HOST"));
        assertThat(liveHosts()).doesNotContainKey("h4");
    }

    @Test
    void removingAHostThatRunsManagedVms_is409UntilEvacuated() {
        operator().delete("/api/v1/hosts/h2").then().statusCode(409).body("code", equalTo("HOST_NOT_EVACUATED"))
                .body("message", containsString("app1"));
        viewer().get("/api/v1/hosts/h2").then().statusCode(200);
    }

    @Test
    void vmChangedLive_keepsWhereItRunsAndTakesTheNewSettings() {
        operator().contentType(ContentType.JSON).body("{\"name\":\"web1\",\"vcpus\":2,\"memoryMiB\":2048,\"ha\":true,"
                + "\"priority\":77,\"antiAffinity\":\"web\",\"recovery\":\"relocate\"}")
                .put("/api/v1/vms/web1").then().statusCode(200).body("summary", equalTo("vms ~web1"));

        Vm web1 = liveVm("web1");
        assertThat(web1.getPriority()).isEqualTo(77);
        assertThat(web1.getAntiAffinity()).isEqualTo("web");
        assertThat(web1.getHost()).as("a configuration change never moves a VM").isEqualTo("h1");
        viewer().get("/api/v1/vms/web1").then().body("host", equalTo("h1")).body("recovery", equalTo("relocate"));
    }

    @Test
    void vmRemoved_leavesLifeboatsCareWithoutBeingStopped() {
        operator().delete("/api/v1/vms/web1").then().statusCode(200);

        assertThat(OnlyCluster.loop(service).orElseThrow().read(s -> s.facts(Vm.class)).stream().map(Vm::getName))
                .doesNotContain("web1");
        await("the domain still runs on h1").until(() -> OnlyCluster.loop(service).orElseThrow()
                .read(s -> s.facts(HostObservation.class)).stream()
                .anyMatch(o -> o.host().equals("h1") && o.running().contains("web1")));
    }

    @Test
    void failoverDomains_referencedOnesCannotBeRemoved_andChangesReachTheSession() {
        operator().contentType(ContentType.JSON).body("{\"name\":\"fd-db\",\"ordered\":true,\"restricted\":false,"
                + "\"members\":[{\"host\":\"h3\",\"priority\":1},{\"host\":\"h1\",\"priority\":2}]}")
                .put("/api/v1/failover-domains/fd-db").then().statusCode(200);
        FailoverDomain live = OnlyCluster.loop(service).orElseThrow().read(s -> s.facts(FailoverDomain.class)).get(0);
        assertThat(live.rank("h3")).isLessThan(live.rank("h1"));
        assertThat(live.restricted()).isFalse();

        operator().delete("/api/v1/failover-domains/fd-db").then().statusCode(400)
                .body("field", equalTo("/vms/0/failoverDomain"));
    }

    @Test
    void hostPutIntoMaintenanceByTheDocument_isEvacuatedLikeTheOperation() {
        operator().contentType(ContentType.JSON).body("{\"name\":\"h2\",\"cpus\":16,\"memoryMiB\":32768,"
                + "\"state\":\"MAINTENANCE\",\"storage\":[\"san1\"],\"networks\":[\"prod\"],\"uri\":\""
                + base.hosts().get(1).uri() + "\",\"fencing\":" + fencingJson(1) + "}")
                .put("/api/v1/hosts/h2").then().statusCode(200);

        await().until(() -> liveHosts().get("h2") == HostState.MAINTENANCE);
        await().until(() -> "h3".equals(liveVm("app1").getHost()));
    }

    @Test
    void whatIf_plansFromTheLiveStateAndTouchesNothing() {
        viewer().contentType(ContentType.JSON).body("{\"events\":[{\"at\":0,\"type\":\"HOST_DOWN\",\"host\":\"h1\"}]}")
                .post("/api/v1/cluster/what-if").then().statusCode(200)
                .body("actions.type", hasItem("FENCE_HOST"))
                .body("vms.find { it.name == 'db1' }.host", equalTo("h3"))
                .body("hosts.find { it.name == 'h1' }.state", equalTo("FENCED"));
        viewer().contentType(ContentType.JSON).body("{\"events\":[{\"at\":0,\"type\":\"HOST_DOWN\",\"host\":\"h9\"}]}")
                .post("/api/v1/cluster/what-if").then().statusCode(400).body("field", equalTo("/events/0/host"));

        assertThat(liveHosts().get("h1")).isEqualTo(HostState.UP);
        assertThat(liveVm("db1").getHost()).isEqualTo("h1");
    }

    @Test
    void fenceTest_asksEveryDeviceForItsStatusAndSwitchesNothing() {
        operator().post("/api/v1/hosts/h1/fence/test").then().statusCode(200)
                .body("devices[0].agent", equalTo("fence_lifeboat_sim"))
                .body("devices[0].outcome", equalTo("SUCCEEDED"))
                .body("devices[0].power", equalTo("ON"))
                .body("allAnswered", equalTo(true));
        operator().post("/api/v1/hosts/nope/fence/test").then().statusCode(404);
        assertThat(liveHosts().get("h1")).isEqualTo(HostState.UP);
    }

    @Test
    void fenceAck_refusedForAnAnsweringOrUnknownHost_acceptedForASilentOneWhoseVmsThenRestart() {
        assertThat(service.acknowledgeFence(OnlyCluster.name(service), "h1", "operator").verdict()).isEqualTo(Verdict.NOT_SILENT);
        assertThat(service.acknowledgeFence(OnlyCluster.name(service), "h9", "operator").verdict()).isEqualTo(Verdict.UNKNOWN_HOST);
        assertThat(ledger.isConfirmedOff("h1")).isFalse();
        operator().contentType(ContentType.JSON).body("{\"name\":\"lab\",\"heartbeatTimeout\":3}")
                .put("/api/v1/cluster/settings").then().statusCode(200);

        driver.sever("h1");
        await().atMost(Duration.ofSeconds(30)).until(() -> OnlyCluster.loop(service).orElseThrow()
                .read(s -> s.facts(HostUnresponsive.class)).stream().anyMatch(u -> u.host().equals("h1")));
        ManualFenceConfirmation.Answer answer = service.acknowledgeFence(OnlyCluster.name(service), "h1", "operator");

        assertThat(answer.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(ledger.isConfirmedOff("h1")).as("the dispatcher's own check knows").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> liveVm("db1").getState() == VmState.RUNNING
                && "h3".equals(liveVm("db1").getHost()));
        assertThat(liveHosts().get("h1")).isEqualTo(HostState.FENCED);
    }

    @Test
    void fenceAckOfAHostThatAnswers_isRefused_andNothingChanges() {
        operator().post("/api/v1/hosts/h1/fence/ack").then().statusCode(409).body("code", equalTo("NOT_SILENT"));
        operator().post("/api/v1/hosts/nope/fence/ack").then().statusCode(404).body("code", equalTo("UNKNOWN_HOST"));

        assertThat(liveHosts().get("h1")).isEqualTo(HostState.UP);
        assertThat(liveVm("db1").getHost()).isEqualTo("h1");
    }

    @Test
    void viewersRead_butCannotChange() {
        viewer().contentType(ContentType.JSON).body("{\"name\":\"lab\"}").put("/api/v1/cluster/settings")
                .then().statusCode(403);
        io.lifeboat.testing.ApiUsers.anonymous().get("/api/v1/cluster").then().statusCode(401);
    }

    private String fencingJson(int levels) {
        try {
            return JSON.writeValueAsString(base.hosts().get(1).fencing().subList(0, levels));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, HostState> liveHosts() {
        return OnlyCluster.loop(service).orElseThrow().read(s -> s.facts(Host.class).stream()
                .collect(java.util.stream.Collectors.toMap(Host::getName, Host::getState)));
    }

    private Vm liveVm(String name) {
        return OnlyCluster.loop(service).orElseThrow().read(s -> s.facts(Vm.class).stream()
                .filter(v -> v.getName().equals(name)).findFirst().orElseThrow());
    }

    private static long configChanges() {
        return QuarkusTransaction.requiringNew().call(() -> JournalEntry.count("type", "CONFIG_CHANGE"));
    }
}
