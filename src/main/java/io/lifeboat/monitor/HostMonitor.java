package io.lifeboat.monitor;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.config.LifeboatConfig;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.facts.HostMetrics;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
import io.lifeboat.policy.PolicyLoop;
import io.lifeboat.store.ClusterStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Probes every host each {@code lifeboat.monitor.interval} (see {@link HostWatch}) and hands what it learns of a host
 * to the live policy loop of its cluster. Never touches a session itself.
 */
@ApplicationScoped
public class HostMonitor {
    /**
     * The live loop of a host's cluster, if it is managed here (see {@link #reportTo}); news of others is dropped. Null
     * until a cluster is managed: until then nothing is probed (a command run without the service touches no host).
     */
    private volatile Function<String, Optional<PolicyLoop>> loops;
    @Inject
    LifeboatConfig config;
    @Inject
    LibvirtDriver driver;
    @Inject
    PowerLedger ledger;
    @Inject
    VmDefinitions definitions;
    @Inject
    ClusterStore store;
    @Inject
    VmLocations locations;
    @Inject
    Clock clock;

    private HostWatch watch;

    @PostConstruct
    void watch() {
        watch = new HostWatch(driver, ledger, locations, definitions, store::saveDefinition, new ToTheLoop(), clock,
                config.monitor().probeTimeout(), System::nanoTime);
    }

    @Scheduled(every = "${lifeboat.monitor.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probeAll() {
        Function<String, Optional<PolicyLoop>> current = loops;
        if (current != null) {
            // A host of a cluster handed over to another replica is its business now.
            watch.round(host -> current.apply(host).isPresent());
        }
    }

    /** From now on, what the probes learn of a host goes to the loop this gives for it. */
    public void reportTo(Function<String, Optional<PolicyLoop>> loops) {
        this.loops = loops;
    }

    /** Every host probed once in parallel, at most the probe timeout: the hosts that answered. */
    public Map<String, HostInventory> firstInventory(Collection<String> hosts) {
        return watch.firstInventory(hosts);
    }

    /** What a host runs as far as the policy knows when it starts, so that a VM gone since is noticed. */
    public void assume(String host, Set<String> vms) {
        watch.assume(host, vms);
    }

    /** A host left the cluster. */
    public void forget(String host) {
        watch.forget(host);
    }

    void stop(@Observes ShutdownEvent event) {
        watch.close();
    }

    /** The live loop of the host's cluster, when it is managed here; news of other hosts is dropped. */
    private final class ToTheLoop implements HostWatch.Reports {
        @Override
        public void heartbeat(String host) {
            loop(host).ifPresent(l -> l.heartbeat(host, HeartbeatSource.LIBVIRT));
        }

        @Override
        public void observed(String host, Set<String> present) {
            loop(host).ifPresent(l -> l.observe(host, present));
        }

        @Override
        public void stopped(String host, Object fact) {
            loop(host).ifPresent(l -> l.submit(s -> s.insert(fact)));
        }

        @Override
        public void measured(HostMetrics metrics) {
            loop(metrics.host()).ifPresent(l -> l.measured(metrics));
        }

        private Optional<PolicyLoop> loop(String host) {
            Function<String, Optional<PolicyLoop>> current = loops;
            return current == null ? Optional.empty() : current.apply(host);
        }
    }
}
