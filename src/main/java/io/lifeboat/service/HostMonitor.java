package io.lifeboat.service;

import java.util.Optional;

import org.jboss.logging.Logger;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.hypervisor.DomainView;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
import io.lifeboat.store.ClusterStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Probes every host on a fixed interval. A host that answers sends a heartbeat to the policy loop; one that does not
 * sends nothing, and the silence is what the rules time out on. Never touches the session itself.
 */
@ApplicationScoped
public class HostMonitor {
    private static final Logger LOG = Logger.getLogger(HostMonitor.class);

    @Inject
    LifeboatService service;
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

    @Scheduled(every = "${lifeboat.monitor.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probeAll() {
        service.loop().ifPresent(loop -> {
            for (String host : driver.hosts()) {
                probe(host).ifPresent(inventory -> {
                    loop.observe(host, inventory.presentVms());
                    loop.heartbeat(host, HeartbeatSource.LIBVIRT);
                });
            }
        });
    }

    /** Probes one host and keeps the definitions of its VMs; empty if it did not answer. */
    Optional<HostInventory> probe(String host) {
        try {
            HostInventory inventory = driver.probe(host);
            ledger.hostAnswered(host);
            locations.observed(host, inventory.presentVms());
            for (DomainView domain : inventory.domains()) {
                if (definitions.remember(domain.name(), domain.definitionXml())) {
                    store.saveDefinition(domain.name(), domain.definitionXml());
                }
            }
            return Optional.of(inventory);
        } catch (HypervisorException e) {
            LOG.debugf("no heartbeat from %s: %s", host, e.getMessage());
            return Optional.empty();
        }
    }
}
