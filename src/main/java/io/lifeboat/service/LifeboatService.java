package io.lifeboat.service;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.hypervisor.DomainView;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.PolicyLoop;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.store.ClusterStore;
import io.lifeboat.store.JournalStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Starts the live policy: compiles the rules, loads the cluster from the store as facts, connects to the hosts and
 * runs the loop. Without a configured cluster it stays idle (status says so) rather than failing to start.
 */
@ApplicationScoped
public class LifeboatService {
    /** Runs after the demo (priority 10) has seeded the store. */
    static final int STARTUP_PRIORITY = 20;
    /** Below the heartbeat events' 15-minute expiry (events.drl). */
    static final Duration MAX_SILENCE_TO_FENCE = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(LifeboatService.class);

    @Inject
    LifeboatConfig config;
    @Inject
    ClusterStore store;
    @Inject
    LibvirtDriver driver;
    @Inject
    ActionDispatcher dispatcher;
    @Inject
    Clock clock;
    @Inject
    PolicyManager policies;
    @Inject
    JournalStore journal;
    @Inject
    VmDefinitions definitions;
    @Inject
    HostMonitor monitor;

    private volatile PolicyLoop loop;
    private volatile String cluster;

    void start(@Observes @Priority(STARTUP_PRIORITY) StartupEvent event) {
        if (!config.service().enabled()) {
            return;
        }
        Optional<ClusterStore.Snapshot> snapshot = store.load();
        if (snapshot.isEmpty()) {
            LOG.warn("no cluster is configured: Lifeboat is idle (enable lifeboat.demo.enabled for the demo cluster)");
            return;
        }
        ClusterStore.Snapshot stored = snapshot.get();
        Duration silenceToFence = stored.settings().heartbeatTimeout().plus(config.fencing().grace());
        if (silenceToFence.compareTo(MAX_SILENCE_TO_FENCE) > 0) {
            // Heartbeat events expire after 15 minutes: a longer timeout would never fire, and no host would be fenced.
            LOG.errorf("heartbeat timeout plus fencing grace is %s, more than %s: Lifeboat is idle until it is lowered",
                    silenceToFence, MAX_SILENCE_TO_FENCE);
            return;
        }
        stored.connectionUris().forEach(this::connect);
        stored.vms().stream().filter(v -> v.definitionXml != null)
                .forEach(v -> definitions.remember(v.name, v.definitionXml));
        // A first inventory: every VM running now can be restarted even if its host dies at once, and the facts
        // start from where the hypervisors run the VMs, not from where the store last put them.
        Map<String, HostInventory> answered = new HashMap<>();
        stored.hosts().forEach(h -> monitor.probe(h.name).ifPresent(i -> answered.put(h.name, i)));
        // Actions cut short by a stop of Lifeboat are closed with what the hypervisors report, never repeated:
        // the rules decide again from the facts below.
        journal.closeInterrupted(subject -> subject.startsWith("vm/")
                ? StartupReconciliation.whereIs(subject.substring(3), answered)
                : "the hosts that answered: " + answered.keySet());
        String name = stored.settings().name();
        CompiledPolicy initial = policies.current();
        PolicySession session = new PolicySession(initial, clock, name + "/" + clock.millis() + "/");
        session.insert(stored.settings().withFencingGrace(config.fencing().grace()));
        stored.hosts().forEach(h -> session.insert(h.toFact()));
        stored.vms().forEach(v -> session.insert(StartupReconciliation.fact(v, answered)));
        answered.forEach((host, inventory) -> session.observe(host, inventory.domains().stream()
                .filter(DomainView::running).map(DomainView::name).collect(Collectors.toSet())));
        stored.fenceDevices().forEach(d -> session.insert(d.toFact()));
        // Every host gets the heartbeat timeout, counted from now, to show that it is alive.
        long seq = 0;
        for (var host : stored.hosts()) {
            session.insert(new Heartbeat(host.name, --seq));
        }
        loop = new PolicyLoop(session, dispatcher, config.policy().tick());
        policies.onSwap(loop::swap);
        loop.start();
        if (policies.current() != initial) {
            // A reload landed while the session was being built.
            loop.swap(policies.current());
        }
        cluster = name;
        LOG.infof("Lifeboat manages cluster %s: %d hosts, %d VMs, %d rules", name, stored.hosts().size(),
                stored.vms().size(), policies.current().ruleCount());
    }

    private void connect(String host, String uri) {
        try {
            driver.connect(host, uri);
        } catch (HypervisorException e) {
            // The host stays silent, and the rules treat it like any silent host.
            LOG.errorf("host %s: %s", host, e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }

    /** The live loop, if a cluster is configured. */
    public Optional<PolicyLoop> loop() {
        return Optional.ofNullable(loop);
    }

    /** The name of the managed cluster, if any. */
    public Optional<String> cluster() {
        return Optional.ofNullable(cluster);
    }
}
