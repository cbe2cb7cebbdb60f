package io.lifeboat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/** The installed fence agents over HTTP, for a viewer, with the real agents of this machine. */
@QuarkusTest
@TestProfile(FenceAgentResourceTest.Users.class)
class FenceAgentResourceTest {

    /** A viewer ("viewer"/"viewer") and a user of another role ("agent"/"agent"). */
    public static class Users implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "lifeboat.api.users.viewer.password-sha256", "d35ca5051b82ffc326a3b0b6574a9a3161dee16b9478a199ee39cd803ce5b799",
                    "lifeboat.api.users.viewer.roles", Roles.VIEWER,
                    "lifeboat.api.users.agent.password-sha256", "d4f0bc5a29de06b510f9aa428f1eedba926012b591fef7a518e776a7c9bd1824",
                    "lifeboat.api.users.agent.roles", Roles.AGENT);
        }
    }

    @Test
    void list_givesEveryInstalledAgentWithItsParameters() {
        viewer().get("/api/v1/fence-agents").then().statusCode(200)
                .body("name", hasItems("fence_lifeboat_sim", "fence_ipmilan", "fence_apc_snmp", "fence_redfish"))
                .body("find { it.name == 'fence_ipmilan' }.description", equalTo("Fence agent for IPMI"))
                .body("find { it.name == 'fence_ipmilan' }.parameters.find { it.name == 'ipport' }.default", equalTo("623"))
                .body("find { it.name == 'fence_ipmilan' }.parameters.find { it.name == 'ipport' }.type", equalTo("integer"))
                .body("find { it.name == 'fence_ipmilan' }.parameters.find { it.name == 'password' }.secret", equalTo(true))
                .body("find { it.name == 'fence_ipmilan' }.parameters.find { it.name == 'ip' }.secret", equalTo(false))
                .body("find { it.name == 'fence_ipmilan' }.parameters.find { it.name == 'auth' }.options",
                        contains("md5", "password", "none"))
                .body("find { it.name == 'fence_ipmilan' }.parameters.name", not(hasItem("action")))
                .body("find { it.name == 'fence_ipmilan' }", not(hasKey("problem")))
                .body("find { it.name == 'fence_apc_snmp' }.parameters.find { it.name == 'plug' }.required", equalTo(true))
                .body("find { it.name == 'fence_apc_snmp' }.parameters.find { it.name == 'community' }.secret", equalTo(true));
    }

    @Test
    void list_saysWhyAnInstalledAgentCannotDescribeItself() {
        // fence_ack_manual, installed with fence-agents, is a script for people and answers -o metadata with usage.
        viewer().get("/api/v1/fence-agents").then().statusCode(200)
                .body("findAll { it.name == 'fence_ack_manual' }.problem",
                        everyItem(startsWith("fence_ack_manual -o metadata failed")));
    }

    @Test
    void oneAgent_givesItsParameters_requiredWhenItHasNoDefault() {
        viewer().get("/api/v1/fence-agents/fence_redfish").then().statusCode(200)
                .body("name", equalTo("fence_redfish"))
                .body("parameters.find { it.name == 'username' }.required", equalTo(true))
                .body("parameters.find { it.name == 'username' }.description", equalTo("Login name"))
                .body("parameters.find { it.name == 'ip' }.required", equalTo(false))
                .body("parameters.find { it.name == 'ipport' }.default", equalTo("443"))
                .body("parameters.find { it.name == 'login' }", nullValue());
    }

    @Test
    void unknownAgent_is404WithStableCode() {
        viewer().get("/api/v1/fence-agents/fence_no_such_agent").then().statusCode(404)
                .body("code", equalTo("UNKNOWN_FENCE_AGENT"));
    }

    @Test
    void withoutCredentials_is401_andWithoutTheViewerRole_is403() {
        given().get("/api/v1/fence-agents").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().auth().preemptive().basic("agent", "agent").get("/api/v1/fence-agents/fence_ipmilan").then()
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void openApi_documentsBothEndpoints() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/fence-agents"))
                .body("paths", hasKey("/api/v1/fence-agents/{name}"));
    }

    private static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viewer", "viewer");
    }
}
