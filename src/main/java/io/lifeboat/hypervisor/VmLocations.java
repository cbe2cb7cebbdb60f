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
    /** Each host's newest answer, so that an answer costs what the host holds, not what the cluster holds. */
    private final Map<String, Set<String>> heldBy = new ConcurrentHashMap<>();

    /** A host answered a probe and holds exactly these VMs (every domain that is not shut off). */
    public void observed(String host, Set<String> present) {
        Set<String> before = heldBy.get(host);
        if (present.equals(before)) {
            return; // the usual answer: nothing moved since the last one
        }
        heldBy.put(host, Set.copyOf(present));
        if (before != null) {
            before.stream().filter(vm -> !present.contains(vm)).forEach(vm -> left(vm, host));
        }
        present.forEach(vm -> lastSeenOn.put(vm, host));
    }

    /** The VM is no longer on the host: it was last seen wherever else a newest answer still holds it, if anywhere. */
    private void left(String vm, String host) {
        if (lastSeenOn.remove(vm, host)) {
            heldBy.forEach((other, held) -> {
                if (held.contains(vm)) {
                    lastSeenOn.put(vm, other);
                }
            });
        }
    }

    /** A host left the cluster. */
    public void forget(String host) {
        Set<String> before = heldBy.remove(host);
        if (before != null) {
            before.forEach(vm -> lastSeenOn.remove(vm, host));
        }
    }

    public Optional<String> lastSeenOn(String vm) {
        return Optional.ofNullable(lastSeenOn.get(vm));
    }

    /** False for a host that never answered since Lifeboat started: nothing is known of what it holds. */
    public boolean everAnswered(String host) {
        return heldBy.containsKey(host);
    }
}
