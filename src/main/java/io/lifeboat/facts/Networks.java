package io.lifeboat.facts;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Describes which hosts have which networks, the same way whatever order the facts come in. */
public final class Networks {
    private Networks() {
    }

    public static String describe(List<Host> hosts) {
        Map<String, Set<String>> byNetworks = new TreeMap<>();
        for (Host host : hosts) {
            String networks = new TreeSet<>(host.getNetworks()).toString();
            byNetworks.computeIfAbsent(networks, n -> new TreeSet<>()).add(host.getName());
        }
        return byNetworks.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
