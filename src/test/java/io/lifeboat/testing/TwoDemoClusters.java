package io.lifeboat.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One Lifeboat managing two demo clusters: {@code demo} (hosts h1-h3) and {@code demo-2} (h4-h6, VM names ending in
 * {@code -2}), probed every second, failing over three seconds after a host goes silent.
 */
public class TwoDemoClusters implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("lifeboat.demo.enabled", "true",
                "lifeboat.demo.clusters", "2",
                "lifeboat.demo.dir", "target/test-demo-many",
                "lifeboat.demo.heartbeat-timeout", "3s",
                "lifeboat.monitor.interval", "1s");
    }
}
