package io.lifeboat.api;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The demo cluster probed every second and never timing out, in a folder of its own per test class, for tests that
 * change the demo hosts behind Lifeboat's back or through its API.
 */
abstract class FastDemoProfile implements QuarkusTestProfile {

    /** The demo's folder under target/. */
    abstract String dir();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("lifeboat.demo.enabled", "true",
                "lifeboat.demo.dir", "target/" + dir(),
                "lifeboat.demo.heartbeat-timeout", "300s",
                "lifeboat.monitor.interval", "1s");
    }
}
