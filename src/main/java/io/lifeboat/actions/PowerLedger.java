package io.lifeboat.actions;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which hosts are confirmed powered off, kept by the dispatcher itself from fence outcomes and by the monitor from
 * what it sees. It is the second, rule-independent check of "fence before restart": even a wrong rule cannot start a
 * VM whose last host was not confirmed off.
 */
public class PowerLedger {
    private final Set<String> confirmedOff = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> offListeners = new CopyOnWriteArrayList<>();

    /** A fence device reported the host off; listeners hear it before anything can act on it. */
    public void confirmOff(String host) {
        offListeners.forEach(l -> l.accept(host));
        confirmedOff.add(host);
    }

    /** Called, on the fencing thread, each time a host is confirmed off (the demo powers its simulation down). */
    public void whenConfirmedOff(Consumer<String> listener) {
        offListeners.add(listener);
    }

    /** The host answered: whatever was confirmed before, it is powered on now. */
    public void hostAnswered(String host) {
        confirmedOff.remove(host);
    }

    public boolean isConfirmedOff(String host) {
        return confirmedOff.contains(host);
    }
}
