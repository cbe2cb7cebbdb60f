package io.lifeboat.dashboard;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The demo cluster, probed every second, failing over three seconds after a host goes silent; operator rules on disk. */
public class DashboardProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("lifeboat.demo.enabled", "true",
                "lifeboat.demo.dir", "target/dashboard-demo",
                "lifeboat.demo.heartbeat-timeout", "3s",
                "lifeboat.monitor.interval", "1s",
                "lifeboat.policy.rules-dir", "target/dashboard-rules");
    }
}
