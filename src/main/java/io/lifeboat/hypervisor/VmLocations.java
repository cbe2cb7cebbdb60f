package io.lifeboat.hypervisor;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each host held at its newest answer, from the hypervisors' own answers: where each VM was last seen, and which
 * hosts have never answered since Lifeboat started (what they hold is unknown). The dispatcher uses it to say why a
 * VM's location is unknown instead of trusting the action.
 */
public class VmLocations {
    private final Map<String, String> lastSeenOn = new ConcurrentHashMap<>();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();

    /** A host answered a probe and holds exactly these VMs (every domain that is not shut off). */
    public void observed(String host, Set<String> present) {
        answered.add(host);
        lastSeenOn.entrySet().removeIf(e -> e.getValue().equals(host) && !present.contains(e.getKey()));
        present.forEach(vm -> lastSeenOn.put(vm, host));
    }

    /** A host left the cluster. */
    public void forget(String host) {
        answered.remove(host);
        lastSeenOn.values().removeIf(host::equals);
    }

    public Optional<String> lastSeenOn(String vm) {
        return Optional.ofNullable(lastSeenOn.get(vm));
    }

    /** False for a host that never answered since Lifeboat started: nothing is known of what it holds. */
    public boolean everAnswered(String host) {
        return answered.contains(host);
    }
}
