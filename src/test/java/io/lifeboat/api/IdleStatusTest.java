package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** With no cluster in the store, Lifeboat starts, says it manages nothing, and the demo endpoints say it is off. */
@QuarkusTest
class IdleStatusTest {

    @Test
    void noClusterConfigured_statusSaysNotManaging() {
        viewer().when().get("/api/v1/status").then().statusCode(200)
                .body("managing", equalTo(false))
                .body("hosts", empty());
    }

    @Test
    void demoDisabled_demoEndpointsAre404() {
        operator().when().post("/api/v1/demo/hosts/h1/fail").then().statusCode(404)
                .body("code", equalTo("DEMO_DISABLED"));
    }
}
