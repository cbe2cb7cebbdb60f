package io.lifeboat.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lifeboat.fencing.FenceParameterNames;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;

/**
 * Fence secrets are write-only: an exported document shows {@link #MASK} in their place, and a document sent back
 * with the mask keeps the stored secret of the same host, level, device and parameter.
 */
public final class SecretMask {
    public static final String MASK = "********";

    private SecretMask() {
    }

    public static ClusterDocument mask(ClusterDocument document) {
        return new ClusterDocument(document.cluster(), list(document.hosts()).stream()
                .map(h -> withFencing(h, list(h.fencing()).stream().map(SecretMask::masked).toList())).toList(),
                document.vms(), document.failoverDomains());
    }

    /**
     * Puts the stored secrets back where {@code submitted} has the mask.
     *
     * @throws ConfigurationException 400 when the mask stands where no secret is stored
     */
    public static ClusterDocument unmask(ClusterDocument submitted, ClusterDocument stored) {
        Map<String, HostSpec> storedHosts = stored == null ? Map.of() : ClusterDocument.byName(stored.hosts(), HostSpec::name);
        List<HostSpec> hosts = new ArrayList<>();
        List<HostSpec> given = list(submitted.hosts());
        for (int i = 0; i < given.size(); i++) {
            HostSpec host = given.get(i);
            if (host == null || host.name() == null) {
                hosts.add(host); // refused by the validation that follows, with its pointer
                continue;
            }
            Map<String, FenceLevelSpec> storedDevices = devices(storedHosts.get(host.name()));
            List<FenceLevelSpec> fencing = new ArrayList<>();
            Map<Integer, Integer> devicesPerLevel = new HashMap<>();
            List<FenceLevelSpec> levels = list(host.fencing());
            for (int j = 0; j < levels.size(); j++) {
                FenceLevelSpec level = levels.get(j);
                int device = level == null ? 0 : devicesPerLevel.merge(level.level(), 1, Integer::sum);
                if (level == null || level.params() == null || !level.params().containsValue(MASK)) {
                    fencing.add(level);
                    continue;
                }
                FenceLevelSpec before = storedDevices.get(level.level() + "/" + device);
                Map<String, String> params = new LinkedHashMap<>(level.params());
                for (Map.Entry<String, String> p : level.params().entrySet()) {
                    if (!MASK.equals(p.getValue())) {
                        continue;
                    }
                    String secret = before == null ? null : before.params().get(p.getKey());
                    if (secret == null) {
                        throw new ConfigurationException(400, "INVALID_CLUSTER",
                                "the mask stands for a stored secret, but none is stored for this device",
                                "/hosts/" + i + "/fencing/" + j + "/params/" + p.getKey());
                    }
                    params.put(p.getKey(), secret);
                }
                fencing.add(new FenceLevelSpec(level.level(), level.agent(), params));
            }
            hosts.add(host.fencing() == null ? host : withFencing(host, fencing));
        }
        return new ClusterDocument(submitted.cluster(), hosts, submitted.vms(), submitted.failoverDomains());
    }

    /** A host's devices by "level/device" (device 1-based within its level). */
    private static Map<String, FenceLevelSpec> devices(HostSpec host) {
        Map<String, FenceLevelSpec> devices = new HashMap<>();
        Map<Integer, Integer> devicesPerLevel = new HashMap<>();
        for (FenceLevelSpec level : host == null ? List.<FenceLevelSpec>of() : list(host.fencing())) {
            devices.put(level.level() + "/" + devicesPerLevel.merge(level.level(), 1, Integer::sum), level);
        }
        return devices;
    }

    private static FenceLevelSpec masked(FenceLevelSpec level) {
        Map<String, String> params = new LinkedHashMap<>();
        (level.params() == null ? Map.<String, String>of() : level.params()).forEach((k, v) ->
                params.put(k, FenceParameterNames.isSecret(k) ? MASK : v));
        return new FenceLevelSpec(level.level(), level.agent(), params);
    }

    private static HostSpec withFencing(HostSpec h, List<FenceLevelSpec> fencing) {
        return h.withFencing(fencing);
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
