package io.lifeboat.monitor;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.HostMetrics;
import io.lifeboat.facts.VmCrashed;
import io.lifeboat.facts.VmShutDown;
import io.lifeboat.hypervisor.DomainLifecycle;
import io.lifeboat.hypervisor.DomainStop;
import io.lifeboat.hypervisor.DomainView;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
import io.lifeboat.hypervisor.VmStops;

/**
 * Watches the hosts through libvirt and turns what it sees into reports for the policy: a host that answers a probe
 * in time sends a heartbeat, what it holds and, from its second answer on, its measured load ({@link CpuSample}); one
 * that does not sends nothing, and the silence is what the rules time out on. A VM that stops without Lifeboat
 * ordering it (told by libvirt's lifecycle events at once, or found by the next probe) is reported as crashed, or as
 * shut down when it was stopped cleanly. Connections that fail are reopened here, never by the dispatcher.
 */
final class HostWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostWatch.class);

    /** Where the watch's news goes: the live policy loop. */
    interface Reports {
        /** The host answered a libvirt probe. */
        void heartbeat(String host);

        /** What the host holds now: every domain that is not shut off. */
        void observed(String host, Set<String> present);

        /** A fact about a VM that stopped on the host: {@link VmCrashed} or {@link VmShutDown}. */
        void stopped(String host, Object fact);

        /** The host's load since its previous answer. */
        void measured(HostMetrics metrics);
    }

    private record Answer(HostInventory inventory, long mark, CpuSample cpu) {
    }

    private final LibvirtDriver driver;
    private final PowerLedger ledger;
    private final VmLocations locations;
    private final VmDefinitions definitions;
    private final BiConsumer<String, String> newDefinition;
    private final Reports reports;
    private final Clock clock;
    private final VmStops stops;
    private final ParallelProbes<Answer> probes;
    private final LongSupplier nanoTime;
    /** Each host's CPU sample at its last answer, the start of its next load reading. */
    private final Map<String, CpuSample> lastCpu = new ConcurrentHashMap<>();

    /**
     * @param newDefinition hears a VM's definition when it is new or changed, to keep it
     * @param nanoTime      measures how long a probe took, and the time between two CPU samples
     */
    HostWatch(LibvirtDriver driver, PowerLedger ledger, VmLocations locations, VmDefinitions definitions,
              BiConsumer<String, String> newDefinition, Reports reports, Clock clock, Duration probeTimeout,
              LongSupplier nanoTime) {
        this.driver = driver;
        this.ledger = ledger;
        this.locations = locations;
        this.definitions = definitions;
        this.newDefinition = newDefinition;
        this.reports = reports;
        this.clock = clock;
        this.stops = new VmStops(this::report);
        this.probes = new ParallelProbes<>(this::probe, probeTimeout, nanoTime);
        this.nanoTime = nanoTime;
        driver.listen(stops);
    }

    /**
     * Probes every configured host, connected or not; each answer is reported from its probe's thread. Completes when
     * every probe started has returned.
     */
    CompletableFuture<Void> round() {
        return round(host -> true);
    }

    /** {@link #round()} of the configured hosts {@code watched} keeps (those of the clusters managed here). */
    CompletableFuture<Void> round(java.util.function.Predicate<String> watched) {
        return probes.round(driver.hosts().stream().filter(watched).toList(), (host, answer) -> {
            record(host, answer.inventory());
            stops.answered(host, answer.inventory().presentVms(), answer.mark());
            reports.observed(host, answer.inventory().presentVms());
            CpuSample earlier = lastCpu.put(host, answer.cpu());
            if (earlier != null) {
                answer.cpu().loadSince(earlier).ifPresent(reports::measured);
            }
            reports.heartbeat(host);
        });
    }

    /** Lifeboat starts: every host probed once, waiting at most the probe timeout; the answers, by host. */
    Map<String, HostInventory> firstInventory(Collection<String> hosts) {
        Map<String, HostInventory> answered = probes.all(hosts).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().inventory()));
        answered.forEach(this::record);
        return answered;
    }

    /** What each host runs as far as the policy knows when it starts, for stops to be told against. */
    void assume(String host, Set<String> vms) {
        stops.assume(host, vms);
    }

    /** A host left the cluster. */
    void forget(String host) {
        stops.forget(host);
        locations.forget(host);
        lastCpu.remove(host);
    }

    private Answer probe(String host) throws HypervisorException {
        driver.reconnectIfDue(host);
        long mark = stops.mark();
        HostInventory inventory = driver.probe(host);
        return new Answer(inventory, mark, CpuSample.of(inventory, nanoTime.getAsLong()));
    }

    /** What an answer proves whatever else happens: the host is on, where VMs are, how to start them. */
    private void record(String host, HostInventory inventory) {
        ledger.hostAnswered(host);
        locations.observed(host, inventory.presentVms());
        for (DomainView domain : inventory.domains()) {
            if (definitions.remember(domain.name(), domain.definitionXml())) {
                keep(domain);
            }
        }
    }

    /** Keeping a definition may fail (the database is away); the host answered all the same. */
    private void keep(DomainView domain) {
        try {
            newDefinition.accept(domain.name(), domain.definitionXml());
        } catch (RuntimeException e) {
            LOG.errorf("cannot keep the definition of %s: %s", domain.name(), e.getMessage());
        }
    }

    /** A stop nobody in Lifeboat ordered: the rules apply the VM's recovery policy, or take a clean stop as meant. */
    private void report(VmStops.VmStop stop) {
        long at = clock.millis();
        reports.stopped(stop.host(), stop.how().kind() == DomainStop.Kind.CLEAN
                ? new VmShutDown(stop.vm(), stop.host(), at, stop.how().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                : new VmCrashed(stop.vm(), stop.host(), at));
    }

    @Override
    public void close() {
        driver.listen(DomainLifecycle.NONE);
        probes.close();
    }
}
