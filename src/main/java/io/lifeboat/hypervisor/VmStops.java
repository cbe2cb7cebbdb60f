package io.lifeboat.hypervisor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells every stop of a VM exactly once, whether libvirt's lifecycle event or the periodic inventory saw it first:
 * it keeps which VMs each host holds, from both. A stop Lifeboat made itself, or a migration away, is not told: a
 * domain Lifeboat is stopping is not held, whatever inventories show while its guest shuts down, until it is seen gone
 * or started again, so the shutdown or destroy that ends it is Lifeboat's and not a failure.
 *
 * <p>An inventory is taken at a moment, and events may arrive while it is on its way: an event newer than the start of
 * the probe knows better than the probe about its VM, so each inventory comes with the {@link #mark()} taken before it.
 */
public class VmStops implements DomainLifecycle {
    /** A VM stopped on a host without Lifeboat ordering it. */
    public record VmStop(String host, String vm, DomainStop how) {
    }

    private record HostVm(String host, String vm) {
    }

    private final Consumer<VmStop> sink;
    private final Map<String, Set<String>> held = new HashMap<>();
    /** The mark of the newest event about each VM on each host, kept until an inventory newer than it arrives. */
    private final Map<HostVm, Long> newestEvent = new HashMap<>();
    private final Set<HostVm> stoppingByLifeboat = new HashSet<>();
    private long mark;

    /** @param sink hears each stop once, on the thread that noticed it */
    public VmStops(Consumer<VmStop> sink) {
        this.sink = sink;
    }

    /** Taken before a probe, and given back with its inventory to {@link #answered}. */
    public synchronized long mark() {
        return mark;
    }

    /** What Lifeboat believes a host holds before it has seen an inventory of it (when it starts). */
    public synchronized void assume(String host, Set<String> vms) {
        mark++;
        vms.forEach(vm -> newestEvent.put(new HostVm(host, vm), mark));
        held.put(host, new HashSet<>(vms));
    }

    @Override
    public synchronized void started(String host, String vm) {
        news(host, vm);
        stoppingByLifeboat.remove(new HostVm(host, vm));
        held(host).add(vm);
    }

    @Override
    public void stopped(String host, String vm, DomainStop how) {
        boolean told;
        synchronized (this) {
            news(host, vm);
            HostVm key = new HostVm(host, vm);
            if (how == DomainStop.BY_LIFEBOAT) {
                stoppingByLifeboat.add(key);
            }
            // The shutdown or destroy that ends Lifeboat's own stop.
            boolean endsLifeboatsStop = how != DomainStop.BY_LIFEBOAT && stoppingByLifeboat.remove(key);
            told = held(host).remove(vm) && !endsLifeboatsStop && how.kind() != DomainStop.Kind.MOVED;
        }
        if (told) {
            sink.accept(new VmStop(host, vm, how));
        }
    }

    /**
     * The host answered a probe that started at {@code probeMark}, holding {@code present}: a VM it held before and
     * holds no more, with no event since the probe started, stopped in a way no event told (e.g. while the
     * connection was down).
     */
    public void answered(String host, Set<String> present, long probeMark) {
        Set<String> vanished = new HashSet<>();
        synchronized (this) {
            Set<String> before = held(host);
            Set<String> now = new HashSet<>();
            Set<String> all = new HashSet<>(before);
            all.addAll(present);
            for (String vm : all) {
                HostVm key = new HostVm(host, vm);
                if (stoppingByLifeboat.contains(key)) {
                    if (!present.contains(vm)) {
                        stoppingByLifeboat.remove(key);
                    }
                    continue;
                }
                Long event = newestEvent.get(key);
                if (event != null && event > probeMark) {
                    if (before.contains(vm)) {
                        now.add(vm);
                    }
                } else if (present.contains(vm)) {
                    now.add(vm);
                } else if (before.contains(vm)) {
                    vanished.add(vm);
                }
            }
            held.put(host, now);
            newestEvent.entrySet().removeIf(e -> e.getKey().host().equals(host) && e.getValue() <= probeMark);
        }
        vanished.forEach(vm -> sink.accept(new VmStop(host, vm, DomainStop.UNEXPLAINED)));
    }

    /** The host left the cluster. */
    public synchronized void forget(String host) {
        held.remove(host);
        newestEvent.keySet().removeIf(k -> k.host().equals(host));
        stoppingByLifeboat.removeIf(k -> k.host().equals(host));
    }

    private void news(String host, String vm) {
        mark++;
        newestEvent.put(new HostVm(host, vm), mark);
    }

    private Set<String> held(String host) {
        return held.computeIfAbsent(host, h -> new HashSet<>());
    }
}
