package io.lifeboat.api;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The demo cluster in-process, with a heartbeat timeout long enough that nothing fails over during a test. */
public class DemoClusterProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("lifeboat.demo.enabled", "true",
                "lifeboat.demo.dir", "target/test-demo",
                "lifeboat.demo.heartbeat-timeout", "300s");
    }
}
