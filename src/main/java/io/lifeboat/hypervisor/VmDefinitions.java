package io.lifeboat.hypervisor;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest definition (domain XML) seen of each VM. A VM is restarted elsewhere from it, as rgmanager restarts a
 * guest from its cluster-wide configuration.
 */
public class VmDefinitions {
    private final Map<String, String> byVm = new ConcurrentHashMap<>();

    public void remember(String vm, String definitionXml) {
        byVm.put(vm, definitionXml);
    }

    public Optional<String> get(String vm) {
        return Optional.ofNullable(byVm.get(vm));
    }
}
