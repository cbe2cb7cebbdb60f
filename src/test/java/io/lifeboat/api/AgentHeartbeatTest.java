package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.agent;
import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A host agent's heartbeat is a second liveness signal: a host whose libvirt link is gone but whose agent still speaks
 * is not fenced; once both are silent for the heartbeat timeout, it is. Real time: the demo's timeout is 3 s.
 */
@QuarkusTest
@TestProfile(AgentHeartbeatTest.ShortTimeout.class)
class AgentHeartbeatTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lifeboat.demo.enabled", "true",
                    "lifeboat.demo.dir", "target/test-demo-agent",
                    "lifeboat.demo.heartbeat-timeout", TIMEOUT.toSeconds() + "s",
                    "lifeboat.monitor.interval", "1s");
        }
    }

    @Test
    void unknownHost_is404() {
        agent().post("/api/v1/hosts/nope/heartbeat").then().statusCode(404).body("code", equalTo("UNKNOWN_HOST"));
    }

    @Test
    void libvirtLinkGoneButTheAgentSpeaks_hostIsNotFenced_untilTheAgentStopsToo() throws Exception {
        ScheduledExecutorService hostAgent = Executors.newSingleThreadScheduledExecutor();
        hostAgent.scheduleAtFixedRate(() -> agent().post("/api/v1/hosts/h1/heartbeat").then().statusCode(202),
                0, 300, TimeUnit.MILLISECONDS);
        try {
            operator().post("/api/v1/demo/hosts/h1/fail").then().statusCode(200);

            await().during(TIMEOUT.multipliedBy(2)).atMost(TIMEOUT.multipliedBy(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> fences("h1") == 0);
        } finally {
            hostAgent.shutdownNow();
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> fences("h1") > 0);
    }

    private static int fences(String host) {
        return viewer().queryParam("subject", "host/" + host).queryParam("type", "FENCE_HOST")
                .get("/api/v1/journal").then().statusCode(200).extract().jsonPath().getInt("total");
    }
}
