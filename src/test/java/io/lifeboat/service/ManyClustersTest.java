package io.lifeboat.service;

import static io.lifeboat.testing.ApiUsers.anonymous;
import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.lifeboat.testing.TwoDemoClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * One deployment, two clusters (the demo's {@code demo}, hosts h1-h3, and {@code demo-2}, hosts h4-h6), each with its
 * own session: a host failure in one is fenced and recovered there while the other does not move, checked on the
 * hosts themselves (every VM runs exactly once); each cluster has its own paths, journal and status, and the names of
 * hosts and VMs are the deployment's.
 */
@QuarkusTest
@TestProfile(TwoDemoClusters.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyClustersTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final List<String> DEMO_VMS = List.of("db1", "web1", "app1", "web2", "web3");
    private static final List<String> DEMO_2_VMS = List.of("db1-2", "web1-2", "app1-2", "web2-2", "web3-2");

    @Test
    @Order(1)
    void bothClusters_areListedManagedAndReadUnderTheirOwnPaths() {
        JsonPath clusters = viewer().get("/api/v1/clusters").then().statusCode(200).extract().jsonPath();
        assertThat(clusters.getList("name", String.class)).containsExactly("demo", "demo-2");
        assertThat(clusters.getList("managedHere", Boolean.class)).containsExactly(true, true);
        assertThat(clusters.getList("hosts", Integer.class)).containsExactly(3, 3);

        assertThat(viewer().get("/api/v1/clusters/demo-2/hosts").then().statusCode(200).extract().jsonPath()
                .getList("name", String.class)).containsExactly("h4", "h5", "h6");
        await().atMost(WAIT).until(() -> hostStates("demo-2").equals(Map.of("h4", "UP", "h5", "UP", "h6", "UP")));
        assertThat(hostStates("demo")).containsOnlyKeys("h1", "h2", "h3");
        assertThat(status("demo-2").getString("cluster")).isEqualTo("demo-2");

        Response unscoped = viewer().get("/api/v1/status");
        assertThat(unscoped.statusCode()).as("which cluster is meant?").isEqualTo(409);
        assertThat(unscoped.jsonPath().getString("code")).isEqualTo("CLUSTER_REQUIRED");
        Response unknown = viewer().get("/api/v1/clusters/nope/status");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.jsonPath().getString("code")).isEqualTo("UNKNOWN_CLUSTER");
        assertThat(anonymous().get("/api/v1/clusters/demo/status").statusCode()).isEqualTo(401);
        assertThat(operator().post("/api/v1/clusters/demo/hosts/h1/fence/ack").statusCode())
                .as("a scoped path has the roles of the unscoped one: h1 answers").isEqualTo(409);
    }

    @Test
    @Order(2)
    void aHostOfOneClusterFails_thatClusterFencesAndRecoversIt_theOtherDoesNotMove() {
        Map<String, String> demoBefore = vmHosts("demo");

        operator().post("/api/v1/demo/hosts/h4/fail").then().statusCode(200);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(hostStates("demo-2")).containsEntry("h4", "FENCED");
            assertThat(vmHosts("demo-2")).containsOnlyKeys(DEMO_2_VMS).doesNotContainValue("h4");
            assertThat(runningOnTheHosts()).as("on the hosts themselves").containsAllEntriesOf(vmHosts("demo-2"));
        });
        assertRunningOnce();
        assertThat(hostStates("demo")).as("the other cluster saw nothing")
                .isEqualTo(Map.of("h1", "UP", "h2", "UP", "h3", "UP"));
        assertThat(vmHosts("demo")).isEqualTo(demoBefore);
        assertThat(fences("demo")).isEmpty();
        assertThat(fences("demo-2")).containsExactly("host/h4");
    }

    @Test
    @Order(3)
    void thenAHostOfTheOtherFails_itRecoversOnItsOwnHosts() {
        Map<String, String> demo2Before = vmHosts("demo-2");

        operator().post("/api/v1/demo/hosts/h1/fail").then().statusCode(200);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(hostStates("demo")).containsEntry("h1", "FENCED");
            assertThat(vmHosts("demo")).containsOnlyKeys(DEMO_VMS).doesNotContainValue("h1");
            assertThat(vmHosts("demo").values()).allMatch(h -> List.of("h2", "h3").contains(h));
            assertThat(runningOnTheHosts()).containsAllEntriesOf(vmHosts("demo"));
        });
        assertRunningOnce();
        assertThat(vmHosts("demo-2")).isEqualTo(demo2Before);
        assertThat(fences("demo")).containsExactly("host/h1");
        assertThat(fences("demo-2")).containsExactly("host/h4");
    }

    @Test
    @Order(4)
    void namesAreTheDeployments_andAClusterKeepsItsName() {
        String h4 = viewer().get("/api/v1/clusters/demo-2/hosts/h5").then().statusCode(200).extract().asString();
        Response taken = operator().contentType("application/json").body(h4).put("/api/v1/clusters/demo/hosts/h5");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.jsonPath().getString("code")).isEqualTo("HOST_IN_OTHER_CLUSTER");

        Map<String, Object> vm = new HashMap<>(viewer().get("/api/v1/clusters/demo-2/vms/web3-2").then().statusCode(200)
                .extract().jsonPath().getMap(""));
        vm.put("host", null);
        vm.put("state", "STOPPED");
        Response vmTaken = operator().contentType("application/json").body(vm).post("/api/v1/clusters/demo/vms");
        assertThat(vmTaken.statusCode()).isEqualTo(409);
        assertThat(vmTaken.jsonPath().getString("code")).isEqualTo("VM_IN_OTHER_CLUSTER");
        assertThat(vmTaken.jsonPath().getString("field")).isEqualTo("/name");

        Map<String, Object> settings = new HashMap<>(viewer().get("/api/v1/clusters/demo/cluster/settings").then()
                .statusCode(200).extract().jsonPath().getMap(""));
        settings.put("name", "renamed");
        Response rename = operator().contentType("application/json").body(settings)
                .put("/api/v1/clusters/demo/cluster/settings");
        assertThat(rename.statusCode()).isEqualTo(409);
        assertThat(rename.jsonPath().getString("code")).isEqualTo("CLUSTER_RENAME");
        assertThat(viewer().get("/api/v1/clusters").jsonPath().getList("name", String.class))
                .containsExactly("demo", "demo-2");
    }

    @Test
    @Order(5)
    void aClusterIsMadeByItsFirstSettings_andRemovedOnlyWhenEmpty() {
        Map<String, Object> settings = new HashMap<>(viewer().get("/api/v1/clusters/demo/cluster/settings").then()
                .statusCode(200).extract().jsonPath().getMap(""));
        settings.put("name", "spare");
        operator().contentType("application/json").body(settings).put("/api/v1/clusters/spare/cluster/settings")
                .then().statusCode(200);
        assertThat(viewer().get("/api/v1/clusters").jsonPath().getList("name", String.class))
                .containsExactly("demo", "demo-2", "spare");
        assertThat(viewer().get("/api/v1/clusters/spare/hosts").then().statusCode(200).extract().jsonPath()
                .getList("name")).isEmpty();

        Response notEmpty = operator().delete("/api/v1/clusters/demo");
        assertThat(notEmpty.statusCode()).isEqualTo(409);
        assertThat(notEmpty.jsonPath().getString("code")).isEqualTo("CLUSTER_NOT_EMPTY");
        operator().delete("/api/v1/clusters/spare").then().statusCode(204);
        assertThat(viewer().get("/api/v1/clusters").jsonPath().getList("name", String.class))
                .containsExactly("demo", "demo-2");
        assertThat(viewer().get("/api/v1/clusters/spare/cluster").statusCode()).isEqualTo(404);
    }

    private static JsonPath status(String cluster) {
        return viewer().get("/api/v1/clusters/" + cluster + "/status").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, String> hostStates(String cluster) {
        JsonPath status = status(cluster);
        List<String> names = status.getList("hosts.name", String.class);
        List<String> states = status.getList("hosts.state", String.class);
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), states.get(i));
        }
        return byName;
    }

    /** The cluster's HA VMs that run, and where, as its live session says. */
    private static Map<String, String> vmHosts(String cluster) {
        List<Map<String, Object>> vms = status(cluster).getList("vms");
        return vms.stream().filter(v -> Boolean.TRUE.equals(v.get("ha")) && "RUNNING".equals(v.get("state")))
                .collect(Collectors.toMap(v -> (String) v.get("name"), v -> (String) v.get("host")));
    }

    /** Where each domain is running on the demo hosts themselves (a domain on two hosts is kept twice in the list). */
    private static List<Map.Entry<String, String>> domainsOnTheHosts() {
        List<Map<String, Object>> hosts = operator().get("/api/v1/demo/hosts").then().statusCode(200).extract()
                .jsonPath().getList("");
        return hosts.stream().flatMap(h -> ((List<?>) h.get("runningDomains")).stream()
                .map(vm -> Map.entry((String) vm, (String) h.get("host")))).toList();
    }

    private static Map<String, String> runningOnTheHosts() {
        return domainsOnTheHosts().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
                (a, b) -> a + "," + b));
    }

    private static void assertRunningOnce() {
        Map<String, Long> copies = domainsOnTheHosts().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.counting()));
        assertThat(copies).as("every HA VM of both clusters runs on the hosts").containsKeys(DEMO_VMS.toArray(String[]::new))
                .containsKeys(DEMO_2_VMS.toArray(String[]::new))
                .allSatisfy((vm, count) -> assertThat(count).as(vm + " runs exactly once").isEqualTo(1L));
    }

    private static List<String> fences(String cluster) {
        return viewer().queryParam("type", "FENCE_HOST").get("/api/v1/clusters/" + cluster + "/journal").then()
                .statusCode(200).extract().jsonPath().getList("entries.subject", String.class);
    }
}
