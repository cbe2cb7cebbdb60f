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
                "lifeboat.api.max-body-size", "64K",
                "lifeboat.api.users.operator.password-sha256", "0cc37b342098293310ae73beecbacd36221c6c0b3c288c93c81f7db56a965dbc",
                "lifeboat.api.users.operator.roles", "operator,viewer",
                "lifeboat.api.users.viewer.password-sha256", "25e82f97f275c78d52337764cc2ec727510531cbf99047253e809079cd9f7e98",
                "lifeboat.api.users.viewer.roles", "viewer");
    }
}
