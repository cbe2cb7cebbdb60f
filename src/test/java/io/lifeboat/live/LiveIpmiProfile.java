package io.lifeboat.live;

import java.util.HashMap;
import java.util.Map;

import io.lifeboat.api.ConfigurationProfile;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A live cluster that fails over fast: every host probed each second, a silent host fenced 2 s after its heartbeat
 * timeout (the document gives 3 s), a fence agent run killed after 20 s. The API users are those of
 * {@link ConfigurationProfile} (see {@code ApiUsers}).
 */
public class LiveIpmiProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new ConfigurationProfile().getConfigOverrides());
        config.put("lifeboat.monitor.interval", "1s");
        config.put("lifeboat.fencing.agent-timeout", "20s");
        return config;
    }
}
