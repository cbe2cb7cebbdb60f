package io.lifeboat.monitor;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * Probes every host each {@code lifeboat.monitor.interval} (see {@link HostWatch}) and hands what it learns to the live
 * policy loop. Never touches the session itself.
 */
@ApplicationScoped
public class HostMonitor {
    /** The live loop, once a cluster is managed (see {@link #reportTo}); until then news is dropped. */
    private volatile PolicyLoop loop;
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
        if (loop != null) {
            watch.round();
        }
    }

    /** From now on, what the probes learn goes to this loop. */
    public void reportTo(PolicyLoop loop) {
        this.loop = loop;
    }

    private Optional<PolicyLoop> loop() {
        return Optional.ofNullable(loop);
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

    /** The live loop, when a cluster is managed; news without one is dropped. */
    private final class ToTheLoop implements HostWatch.Reports {
        @Override
        public void heartbeat(String host) {
            loop().ifPresent(l -> l.heartbeat(host, HeartbeatSource.LIBVIRT));
        }

        @Override
        public void observed(String host, Set<String> present) {
            loop().ifPresent(l -> l.observe(host, present));
        }

        @Override
        public void stopped(Object fact) {
            loop().ifPresent(l -> l.submit(s -> s.insert(fact)));
        }

        @Override
        public void measured(HostMetrics metrics) {
            loop().ifPresent(l -> l.measured(metrics));
        }
    }
}
