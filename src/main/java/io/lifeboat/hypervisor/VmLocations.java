package io.lifeboat.hypervisor;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each VM was last seen running, from the hypervisors' own answers. The dispatcher uses it to work out a VM's
 * last host itself instead of trusting the action: a VM last seen on a host that is now silent and not confirmed
 * off may still run there.
 */
public class VmLocations {
    private final Map<String, String> lastSeenOn = new ConcurrentHashMap<>();

    /** A host answered a probe and runs exactly these VMs. */
    public void observed(String host, Set<String> running) {
        lastSeenOn.entrySet().removeIf(e -> e.getValue().equals(host) && !running.contains(e.getKey()));
        running.forEach(vm -> lastSeenOn.put(vm, host));
    }

    public Optional<String> lastSeenOn(String vm) {
        return Optional.ofNullable(lastSeenOn.get(vm));
    }
}
