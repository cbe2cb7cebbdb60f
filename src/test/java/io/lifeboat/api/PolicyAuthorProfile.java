package io.lifeboat.api;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The demo cluster with an operator rules directory. The directory watcher is off, so reloads happen only when a test
 * asks. Users: {@link io.lifeboat.testing.ApiUsers}.
 */
public class PolicyAuthorProfile implements QuarkusTestProfile {
    static final String RULES_DIR = "target/test-operator-rules";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("lifeboat.demo.enabled", "true",
                "lifeboat.demo.dir", "target/test-demo-policy",
                "lifeboat.demo.heartbeat-timeout", "300s",
                "lifeboat.policy.rules-dir", RULES_DIR,
                "lifeboat.policy.watch", "false");
    }
}
