package io.lifeboat.service;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
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
    @Inject
    LifeboatService service;
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
        if (service.loop().isPresent()) {
            watch.round();
        }
    }

    /** Every host probed once in parallel, at most the probe timeout: the hosts that answered. */
    Map<String, HostInventory> firstInventory(Collection<String> hosts) {
        return watch.firstInventory(hosts);
    }

    /** What a host runs as far as the policy knows when it starts, so that a VM gone since is noticed. */
    void assume(String host, Set<String> vms) {
        watch.assume(host, vms);
    }

    /** A host left the cluster. */
    void forget(String host) {
        watch.forget(host);
    }

    void stop(@Observes ShutdownEvent event) {
        watch.close();
    }

    /** The live loop, when a cluster is managed; news without one is dropped. */
    private final class ToTheLoop implements HostWatch.Reports {
        @Override
        public void heartbeat(String host) {
            service.loop().ifPresent(loop -> loop.heartbeat(host, HeartbeatSource.LIBVIRT));
        }

        @Override
        public void observed(String host, Set<String> present) {
            service.loop().ifPresent(loop -> loop.observe(host, present));
        }

        @Override
        public void stopped(Object fact) {
            service.loop().ifPresent(loop -> loop.submit(s -> s.insert(fact)));
        }
    }
}
