package io.lifeboat.api;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The demo cluster with an operator rules directory and two users: "author" (policy-admin, password "admin") and
 * "viewer" (no role, password "viewer"). The directory watcher is off, so reloads happen only when a test asks.
 */
public class PolicyAuthorProfile implements QuarkusTestProfile {
    static final String RULES_DIR = "target/test-operator-rules";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("lifeboat.demo.enabled", "true",
                "lifeboat.demo.dir", "target/test-demo-policy",
                "lifeboat.demo.heartbeat-timeout", "300s",
                "lifeboat.policy.rules-dir", RULES_DIR,
                "lifeboat.policy.watch", "false",
                "lifeboat.api.users.author.password-sha256", "8c6976e5b5410415bde908bd4dee15dfb167a9c873fc4bb8a81f6f2ab448a918",
                "lifeboat.api.users.author.roles", "policy-admin",
                "lifeboat.api.users.viewer.password-sha256", "d35ca5051b82ffc326a3b0b6574a9a3161dee16b9478a199ee39cd803ce5b799",
                "lifeboat.api.users.viewer.roles", "reader");
    }
}
