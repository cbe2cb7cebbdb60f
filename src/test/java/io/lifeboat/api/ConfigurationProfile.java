package io.lifeboat.api;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * No demo: the tests apply their own cluster of libvirt test-driver hosts; nothing times out during a test. Bodies
 * are limited to 64 KiB so that the limit can be tested cheaply.
 */
public class ConfigurationProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("lifeboat.monitor.interval", "1s",
                "lifeboat.api.max-body-size", "64K");
    }
}
