package io.lifeboat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** With no cluster in the store, Lifeboat starts, says it manages nothing, and the demo endpoints say it is off. */
@QuarkusTest
class IdleStatusTest {

    @Test
    void noClusterConfigured_statusSaysNotManaging() {
        given().when().get("/api/v1/status").then().statusCode(200)
                .body("managing", equalTo(false))
                .body("hosts", empty());
    }

    @Test
    void demoDisabled_demoEndpointsAre404() {
        given().when().post("/api/v1/demo/hosts/h1/fail").then().statusCode(404)
                .body("code", equalTo("DEMO_DISABLED"));
    }
}
