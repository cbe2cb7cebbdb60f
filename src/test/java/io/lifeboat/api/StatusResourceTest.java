package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.anonymous;
import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Status, health and OpenAPI over HTTP, on the demo cluster (real test-driver hosts, nothing failing). */
@QuarkusTest
@TestProfile(DemoClusterProfile.class)
class StatusResourceTest {

    @Test
    void status_listsEveryHostAndVmAsTheStoreDescribesThem() {
        viewer().when().get("/api/v1/status").then().statusCode(200)
                .body("cluster", equalTo("demo"))
                .body("managing", equalTo(true))
                .body("policy.rules", org.hamcrest.Matchers.greaterThan(10))
                .body("hosts.name", containsInAnyOrder("h1", "h2", "h3"))
                .body("hosts.state", everyItem(equalTo("UP")))
                .body("hosts.find { it.name == 'h1' }.memoryUsedMiB", equalTo(14336))
                .body("vms.name", containsInAnyOrder("db1", "web1", "scratch1", "app1", "web2", "web3", "batch1"))
                .body("vms.find { it.name == 'db1' }.host", equalTo("h1"))
                .body("vms.find { it.name == 'db1' }.state", equalTo("RUNNING"))
                .body("vms.find { it.name == 'db1' }.reason", nullValue());
    }

    @Test
    void demoHosts_showWhatTheHypervisorsRun() {
        viewer().when().get("/api/v1/demo/hosts").then().statusCode(200)
                .body("find { it.host == 'h1' }.runningDomains", containsInAnyOrder("db1", "web1", "scratch1"))
                .body("link", everyItem(equalTo("up")));
    }

    @Test
    void failUnknownDemoHost_is404WithStableCode() {
        operator().when().post("/api/v1/demo/hosts/h9/fail").then().statusCode(404)
                .body("code", equalTo("UNKNOWN_HOST"))
                .body("$", not(hasKey("stackTrace")));
    }

    @Test
    void unknownPath_isJsonErrorEnvelope() {
        viewer().when().get("/api/v1/nothing-here").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void health_isUp() {
        anonymous().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApi_documentsStatusAndDemoEndpoints() {
        anonymous().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/status"))
                .body("paths.keySet()", hasItem("/api/v1/demo/hosts/{host}/fail"));
    }

    @Test
    void explainUnknownVm_is404WithStableCode() {
        viewer().when().get("/api/v1/explain/vm/nope").then().statusCode(404).body("code", equalTo("UNKNOWN_VM"));
    }

    @Test
    void explainRunningVm_saysWhereItRuns() {
        viewer().when().get("/api/v1/explain/vm/db1").then().statusCode(200)
                .body("state", equalTo("RUNNING")).body("host", equalTo("h1")).body("reason", nullValue());
    }

    @Test
    void violationsWithUnknownSeverity_is400NamingTheParameter() {
        viewer().queryParam("severity", "LOUD").when().get("/api/v1/violations").then().statusCode(400)
                .body("code", equalTo("BAD_SEVERITY")).body("field", equalTo("severity"));
    }
}
