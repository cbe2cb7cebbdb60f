package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Operators' requests on the demo cluster: maintenance moves a host's VMs away through libvirt, once each. */
@QuarkusTest
@TestProfile(OperationsTest.Demo.class)
class OperationsTest {

    public static class Demo extends FastDemoProfile {
        @Override
        String dir() {
            return "test-demo-operations";
        }
    }

    @Test
    void maintenanceOnH3_itsManagedVmsMoveAwayAndRunOnce() {
        operator().post("/api/v1/hosts/h3/maintenance").then().statusCode(202).body("subject", equalTo("host/h3"));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonPath status = viewer().get("/api/v1/status").then().extract().jsonPath();
            assertThat(status.getString("hosts.find { it.name == 'h3' }.state")).isEqualTo("MAINTENANCE");
            assertThat(status.getString("vms.find { it.name == 'web3' }.host")).isIn("h1", "h2");
            assertThat(status.getString("vms.find { it.name == 'batch1' }.host")).isIn("h1", "h2");
        });
        JsonPath truth = viewer().get("/api/v1/demo/hosts").then().extract().jsonPath();
        assertThat(truth.getList("find { it.host == 'h3' }.runningDomains")).isEmpty();
        List<String> running = truth.getList("runningDomains.flatten()");
        assertThat(running).containsOnlyOnce("web3", "batch1");

        operator().post("/api/v1/hosts/h3/maintenance").then().statusCode(409).body("code", equalTo("NOT_UP"));

        operator().delete("/api/v1/hosts/h3/maintenance").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> viewer().get("/api/v1/status").then()
                .body("hosts.find { it.name == 'h3' }.state", equalTo("UP")));
        operator().delete("/api/v1/hosts/h3/maintenance").then().statusCode(409).body("code", equalTo("NOT_IN_MAINTENANCE"));
    }

    @Test
    void unknownSubjects_are404AndARunningVmCannotBeStarted() {
        operator().post("/api/v1/vms/nope/start").then().statusCode(404).body("code", equalTo("UNKNOWN_VM"));
        operator().post("/api/v1/hosts/nope/maintenance").then().statusCode(404).body("code", equalTo("UNKNOWN_HOST"));
        operator().post("/api/v1/vms/db1/start").then().statusCode(409).body("code", equalTo("NOT_STOPPED"));
    }

    @Test
    void forceThatIsNeitherTrueNorFalse_is400NamingTheFieldAndNothingIsAsked() {
        long journalled = journalEntries();
        operator().post("/api/v1/vms/db1/start?force=ture").then().statusCode(400)
                .body("code", equalTo("BAD_PARAMETER")).body("field", equalTo("force"));
        assertThat(journalEntries()).as("no start request journalled").isEqualTo(journalled);
    }

    private static long journalEntries() {
        return viewer().get("/api/v1/journal?size=1&subject=vm/db1").then().statusCode(200).extract().jsonPath().getLong("total");
    }
}
