package io.lifeboat.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;


import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.lifeboat.testing.ApiUsers;
import io.restassured.specification.RequestSpecification;

/** The installed fence agents over HTTP, for a viewer, with the real agents of this machine (roles: EndpointSecurityTest). */
@QuarkusTest
class FenceAgentResourceTest {

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

    private static RequestSpecification viewer() {
        return ApiUsers.viewer();
    }
}
