package io.lifeboat;

import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;

/**
 * Black box, against the packaged jar on MariaDB: a demo host stops answering, Lifeboat fences it through the
 * project's fence agent and restarts its HA VMs on the other hosts through libvirt. Profile "it" (application.properties)
 * gives the demo a 3 s heartbeat timeout.
 */
@QuarkusIntegrationTest
class DemoFailoverIT {

    @Test
    void hostStopsAnswering_isFencedAndItsHaVmsRunElsewhereOnce() {
        operator().post("/api/v1/demo/hosts/h1/fail").then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath status = viewer().get("/api/v1/status").then().statusCode(200).extract().jsonPath();
            assertThat(status.getString("hosts.find { it.name == 'h1' }.state")).isEqualTo("FENCED");
            assertThat(status.getString("vms.find { it.name == 'db1' }.state")).isEqualTo("RUNNING");
            assertThat(status.getString("vms.find { it.name == 'web1' }.state")).isEqualTo("RUNNING");
        });

        JsonPath status = viewer().get("/api/v1/status").then().extract().jsonPath();
        assertThat(status.getString("vms.find { it.name == 'db1' }.host")).isIn("h2", "h3");
        assertThat(status.getString("vms.find { it.name == 'scratch1' }.state"))
                .as("a VM that is not HA is not restarted: STOPPED, as simulate shows it").isEqualTo("STOPPED");
        List<Map<String, Object>> actions = status.getList("recentActions");
        assertThat(actions).anySatisfy(a -> {
            assertThat(a).containsEntry("type", "FENCE_HOST").containsEntry("subject", "host/h1")
                    .containsEntry("status", "SUCCEEDED").containsEntry("rule", "failover.fence-unresponsive-host");
        });
        assertThat(actions).filteredOn(a -> "START_VM".equals(a.get("type")))
                .extracting(a -> a.get("subject")).containsExactlyInAnyOrder("vm/db1", "vm/web1");

        // What the hypervisors themselves run: each HA VM exactly once, nothing on the fenced host.
        JsonPath truth = viewer().get("/api/v1/demo/hosts").then().statusCode(200).extract().jsonPath();
        assertThat(truth.getString("find { it.host == 'h1' }.link")).isEqualTo("unreachable");
        assertThat(truth.getList("find { it.host == 'h1' }.runningDomains"))
                .as("the fenced host really lost its VMs: no second copy").isEmpty();
        List<String> running = truth.getList("runningDomains.flatten()");
        assertThat(running).containsOnlyOnce("db1", "web1", "app1", "web2", "web3").doesNotContain("scratch1");

        // Why is db1 where it is: the chain of rules, and the journalled start.
        JsonPath db1 = viewer().get("/api/v1/explain/vm/db1").then().statusCode(200).extract().jsonPath();
        assertThat(db1.getString("state")).isEqualTo("RUNNING");
        assertThat(db1.getList("chain.rule", String.class))
                .contains("failover.vms-of-fenced-host-down", "recovery.failover-after-fence", "placement.place-vm");
        assertThat(db1.getList("actions.type", String.class)).contains("START_VM");
        JsonPath h1 = viewer().get("/api/v1/explain/host/h1").then().statusCode(200).extract().jsonPath();
        assertThat(h1.getString("state")).isEqualTo("FENCED");
        assertThat(h1.getList("chain.rule", String.class))
                .contains("failover.host-unresponsive", "failover.fence-unresponsive-host", "failover.host-fenced");
        assertThat(h1.getList("actions.type", String.class)).contains("FENCE_HOST");
    }
}
