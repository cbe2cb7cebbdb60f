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

    /** @return true when this definition is new or differs from the one kept, so the caller may persist it */
    public boolean remember(String vm, String definitionXml) {
        return !definitionXml.equals(byVm.put(vm, definitionXml));
    }

    public Optional<String> get(String vm) {
        return Optional.ofNullable(byVm.get(vm));
    }
}
