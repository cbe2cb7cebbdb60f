package io.lifeboat.service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.actions.DispatcherFactory;
import io.lifeboat.actions.InterruptedAction;
import io.lifeboat.config.ClusterDiff;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.facts.JournalKeptLocally;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmState;
import io.lifeboat.fencing.ManualFenceConfirmation;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.PolicyLoop;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.policy.SessionSwap;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.ScenarioFacts;
import io.lifeboat.simulate.StartupReconciliation;
import io.lifeboat.store.ClusterStore;
import io.lifeboat.store.JournalMode;
import io.lifeboat.store.JournalStore;
import io.lifeboat.store.KnownFenceDevices;
import io.lifeboat.store.ResilientJournal;
import io.lifeboat.reload.PolicyManager;
import io.lifeboat.monitor.HostMonitor;
import io.lifeboat.actions.LeaderStamp;
import io.lifeboat.store.LeaseStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.lifeboat.config.LifeboatConfig;

/**
 * Runs the live policy for each cluster in the store, a session and a loop each: compiles the rules, builds the session from the cluster
 * document (the same facts simulate builds from a scenario), connects to the hosts and runs the loop; later documents
 * reach the running session as changes. Without a configured cluster it stays idle until one is applied.
 */
@ApplicationScoped
public class LifeboatService {
    /** Runs after the demo (priority 10) has applied its cluster. */
    static final int STARTUP_PRIORITY = 20;
    private static final Logger LOG = Logger.getLogger(LifeboatService.class);

    @Inject
    LifeboatConfig config;
    @Inject
    ClusterStore store;
    @Inject
    LibvirtDriver driver;
    @Inject
    DispatcherFactory dispatchers;
    @Inject
    Clock clock;
    @Inject
    PolicyManager policies;
    @Inject
    JournalStore journal;
    /** Where the dispatcher journals actions: the database, or the local file while it cannot be written. */
    @Inject
    ResilientJournal actionJournal;
    @Inject
    KnownFenceDevices fenceDevices;
    @Inject
    VmDefinitions definitions;
    @Inject
    HostMonitor monitor;
    @Inject
    ManualFenceConfirmation fenceAcks;

    @Inject
    Leadership leadership;
    @Inject
    LeaseStore leases;

    /** The clusters this Lifeboat manages now, by name. */
    private final Map<String, Managed> managed = new ConcurrentHashMap<>();
    /** The cluster of each managed host: the monitor's news go to its loop. */
    private final Map<String, String> clusterOfHost = new ConcurrentHashMap<>();
    /** Held while a cluster's configuration changes (ClusterConfiguration): no cluster is handed over meanwhile. */
    private final ReentrantLock configuring = new ReentrantLock();

    /** A managed cluster: its loop, its dispatcher, and how policy reloads reach it. */
    private record Managed(PolicyLoop loop, ActionDispatcher dispatcher, Function<CompiledPolicy, SessionSwap> swaps) {
    }

    void start(@Observes @Priority(STARTUP_PRIORITY) StartupEvent event) {
        if (!config.service().enabled() || leadership.enabled()) {
            // A command runs without the service, or the replicas that hold the leases will (Leadership).
            return;
        }
        List<String> names = store.names();
        if (names.isEmpty()) {
            LOG.warn("no cluster is configured: Lifeboat is idle until one is applied"
                    + " (PUT /api/v1/cluster, or: lifeboat apply cluster.yaml)");
        }
        for (String name : names) {
            // A document applied before this (the demo's) started its cluster already.
            if (!managed.containsKey(name) && !anotherReplicaLeads(name)) {
                store.load(name).ifPresent(stored -> manage(stored.document()));
            }
        }
    }

    /** Starts managing a cluster: the first inventory, the journal reconciled, the session built, the loop running. */
    public synchronized void manage(ClusterDocument document) {
        manage(document, null);
    }

    /** Starts managing as the replica that holds the cluster's lease: every action is stamped with it. */
    synchronized void lead(ClusterDocument document, LeaderStamp leader) {
        manage(document, leader);
    }

    /**
     * Stops managing a cluster (this replica lost its lease, or hands it over): the loop ends and decides nothing
     * more; actions already journalled under its lease finish. The store, the connections and the policy stay. Not
     * behind the lock of {@link #manage}: taking another cluster up (connecting to its hosts) never delays it.
     */
    void standDown(String cluster) {
        Managed stopped = managed.remove(cluster);
        if (stopped == null) {
            return;
        }
        clusterOfHost.values().removeIf(cluster::equals);
        policies.removeSwap(stopped.swaps());
        stopped.loop().close();
        stopped.dispatcher().finish();
    }

    /**
     * Hands a cluster over only if its session has no action in flight, checked and ended in one step on its loop, so
     * that no action of this replica's can still run when another takes the cluster up.
     *
     * @return whether it stood down
     */
    boolean standDownIfQuiet(String cluster) {
        if (!configuring.tryLock()) {
            return false; // a change is being applied: handed over at a later renewal
        }
        try {
            Managed current = managed.get(cluster);
            if (current == null || !current.loop().stopIfQuiet()) {
                return false;
            }
            standDown(cluster);
            return true;
        } finally {
            configuring.unlock();
        }
    }

    /**
     * Runs a change of the configuration (checked, stored, handed to the live session) as one step: no cluster is
     * handed over to another replica in the middle of it, which would store a change no session takes.
     */
    public <T> T configuring(java.util.function.Supplier<T> change) {
        configuring.lock();
        try {
            return change.get();
        } finally {
            configuring.unlock();
        }
    }

    private void manage(ClusterDocument document, LeaderStamp leader) {
        String name = document.cluster().name();
        if (managed.containsKey(name)) {
            throw new IllegalStateException("cluster " + name + " is managed already");
        }
        document.hosts().forEach(this::connect);
        store.definitions().forEach(definitions::remember);
        fenceDevices.remember(document);
        if (!actionJournal.mergeIfKeptLocally()) {
            // Its open actions would be closed without those the file holds: a start cut short, then repeated.
            throw new IllegalStateException("the local journal holds entries the database has not taken yet;"
                    + " the cluster is taken up once they are merged");
        }
        // A first inventory: every VM running now can be restarted even if its host dies at once, and the facts
        // start from where the hypervisors run the VMs, not from where the store last put them.
        Map<String, HostInventory> answered = monitor.firstInventory(
                document.hosts().stream().map(HostSpec::name).toList());
        // Actions cut short by a stop of Lifeboat are closed with what the hypervisors report, never repeated:
        // the rules decide again from the facts below, and a VM whose start was cut short waits until it is seen.
        List<InterruptedAction> interrupted = journal.closeInterrupted(name, subject -> subject.startsWith("vm/")
                ? StartupReconciliation.whereIs(subject.substring(3), answered)
                : "the hosts that answered: " + answered.keySet());
        CompiledPolicy initial = policies.current();
        PolicySession session = new PolicySession(initial, clock, JournalStore.keyPrefix(name, clock.millis()));
        List<Vm> vms = StartupReconciliation.startSession(session,
                ScenarioFacts.settings(document.cluster(), heartbeatSampling()), config.fencing().startupGrace(),
                clock.instant(), document.hosts(), document.failoverDomains(), document.vms(), answered, interrupted);
        for (HostSpec host : document.hosts()) {
            // A VM the facts run on a host that no longer holds it stopped while Lifeboat was away: the next probe
            // tells it, like any stop no event told.
            monitor.assume(host.name(), vms.stream().filter(v -> v.getState() == VmState.RUNNING
                    && host.name().equals(v.getHost())).map(Vm::getName).collect(Collectors.toSet()));
        }
        ActionDispatcher dispatcher = dispatchers.create();
        PolicyLoop loop = new PolicyLoop(session, dispatcher, config.policy().tick(), leader);
        loop.submit(this::showJournalMode);
        Function<CompiledPolicy, SessionSwap> swaps = loop::swap;
        policies.onSwap(swaps);
        loop.start();
        managed.put(name, new Managed(loop, dispatcher, swaps));
        document.hosts().forEach(h -> clusterOfHost.put(h.name(), name));
        monitor.reportTo(this::loopOfHost);
        if (policies.current() != initial) {
            // A reload landed while the session was being built.
            loop.swap(policies.current());
        }
        LOG.infof("Lifeboat manages cluster %s: %d hosts, %d VMs, %d rules", name, document.hosts().size(),
                document.vms().size(), policies.current().ruleCount());
    }

    /**
     * Hands a cluster's new document to its running session as changes (see {@link LiveReconfiguration}); hosts that
     * joined are connected first and hosts that left are disconnected once the session no longer has them. A cluster
     * not managed yet is taken up (without leadership).
     */
    public synchronized void reconfigure(ClusterDocument before, ClusterDocument after,
                                         ClusterDiff diff) {
        String name = after.cluster().name();
        Managed current = before == null ? null : managed.get(before.cluster().name());
        if (current == null) {
            if (!leadership.enabled() && !anotherReplicaLeads(name)) {
                manage(after);
            }
            return; // with leadership, the replica that takes the lease builds its session from the store
        }
        if (!before.cluster().name().equals(name)) {
            throw new IllegalStateException("a cluster keeps its name: " + before.cluster().name() + " is not " + name);
        }
        PolicyLoop loop = current.loop();
        Map<String, HostSpec> hosts = ClusterDocument.byName(after.hosts(), HostSpec::name);
        Map<String, HostSpec> old = ClusterDocument.byName(before.hosts(), HostSpec::name);
        diff.hosts().added().forEach(h -> connect(hosts.get(h)));
        diff.hosts().changed().stream().filter(h -> !hosts.get(h).uri().equals(old.get(h).uri()))
                .forEach(h -> connect(hosts.get(h)));
        fenceDevices.remember(after);
        LiveReconfiguration change = new LiveReconfiguration(before, after, diff, heartbeatSampling());
        loop.submit(change::apply);
        after.hosts().forEach(h -> clusterOfHost.put(h.name(), name));
        diff.hosts().added().forEach(h -> loop.heartbeat(h, HeartbeatSource.ASSUMED));
        diff.hosts().removed().forEach(h -> {
            clusterOfHost.remove(h);
            driver.disconnect(h);
            monitor.forget(h);
            loop.forgetMeasuredLoad(h);
        });
        LOG.infof("cluster %s reconfigured: %s", name, diff.summary());
    }

    /** A cluster removed from the store (it had no host and no VM left): its session ends. */
    public synchronized void removed(String cluster) {
        standDown(cluster);
        fenceDevices.forget(cluster);
    }

    /**
     * Whether replicas with leadership on lead this cluster while this Lifeboat has it off: then it must not manage
     * too (it would check no lease), and says so. Switching a deployment to replicas means stopping the old one first.
     */
    private boolean anotherReplicaLeads(String name) {
        Optional<LeaseStore.Lease> lease = leases.live(name);
        lease.ifPresent(l -> LOG.errorf("cluster %s is led by replica %s (lease token %d, lifeboat.leadership on);"
                + " this Lifeboat has lifeboat.leadership off and does not manage it", name, l.holder(), l.token()));
        return lease.isPresent();
    }

    private void connect(HostSpec host) {
        try {
            driver.connect(host.name(), host.uri());
        } catch (HypervisorException e) {
            // The host stays silent, and the rules treat it like any silent host; the monitor goes on reconnecting.
            LOG.errorf("host %s: %s", host.name(), e.getMessage());
        }
    }

    /** The journal went to its local file, or back to the database: the rules know it (an alert). */
    void journalMoved(@Observes JournalMode mode) {
        managed.values().forEach(m -> m.loop().submit(this::showJournalMode));
    }

    /** On the loop thread: the session's JournalKeptLocally fact as the journal's mode is now. */
    private void showJournalMode(PolicySession session) {
        JournalMode mode = actionJournal.mode();
        List<JournalKeptLocally> shown = session.facts(JournalKeptLocally.class);
        JournalKeptLocally wanted = mode.local() ? new JournalKeptLocally(mode.since(), mode.reason()) : null;
        if (shown.size() == 1 && shown.get(0).equals(wanted) || shown.isEmpty() && wanted == null) {
            return;
        }
        shown.forEach(session::delete);
        if (wanted != null) {
            session.insert(wanted);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        managed.values().forEach(m -> {
            m.loop().close();
            m.dispatcher().close();
        });
    }

    /** The live loop of a cluster, if this Lifeboat manages it ({@code cluster} null: none). */
    public Optional<PolicyLoop> loop(String cluster) {
        return Optional.ofNullable(cluster).map(managed::get).map(Managed::loop);
    }

    /** The clusters this Lifeboat manages now. */
    public java.util.Set<String> managedClusters() {
        return java.util.Set.copyOf(managed.keySet());
    }

    /** The loop of the cluster a host belongs to, if it is managed here: where the monitor's news of it go. */
    public Optional<PolicyLoop> loopOfHost(String host) {
        return loop(clusterOfHost.get(host));
    }

    /** Where each managed VM of the cluster runs now, as its live session knows it (empty when not managed). */
    public Map<String, String> runningVms(String cluster) {
        return loop(cluster).map(l -> l.read(s -> s.facts(Vm.class).stream().filter(v -> v.getState() == VmState.RUNNING)
                .collect(Collectors.toMap(Vm::getName, Vm::getHost, (a, b) -> a)))).orElse(Map.of());
    }

    /** Subjects ({@code host/h1}, {@code vm/db1}) of the cluster's actions decided and not finished yet. */
    public java.util.Set<String> subjectsWithActionsInFlight(String cluster) {
        return loop(cluster).map(l -> l.read(s -> s.facts(io.lifeboat.actions.Action.class).stream()
                .filter(io.lifeboat.actions.Action::isInFlight).map(io.lifeboat.actions.Action::getSubject)
                .collect(Collectors.toSet()))).orElse(java.util.Set.of());
    }

    /**
     * An operator ({@code by}) says a silent host of the cluster is powered off: on its policy loop, answered at once
     * (see {@link ManualFenceConfirmation}). Without the cluster managed here every host is unknown.
     */
    public ManualFenceConfirmation.Answer acknowledgeFence(String cluster, String host, String by) {
        return loop(cluster).map(l -> l.read(s -> fenceAcks.acknowledge(s, host, by)))
                .orElseGet(() -> new ManualFenceConfirmation.Answer(ManualFenceConfirmation.Verdict.UNKNOWN_HOST,
                        "no cluster is managed: no host named '" + host + "'"));
    }

    /** How often this service observes heartbeats: a host's silence is known no closer than one monitor interval. */
    public Duration heartbeatSampling() {
        return config.monitor().interval();
    }
}
