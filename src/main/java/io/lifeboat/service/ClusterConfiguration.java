package io.lifeboat.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.lifeboat.config.ClusterDiff;
import io.lifeboat.config.ConfigurationException;
import io.lifeboat.config.DocumentChecks;
import io.lifeboat.config.SecretMask;
import io.lifeboat.facts.HostStatus;
import io.lifeboat.fencing.FenceAgentCatalogue;
import io.lifeboat.reload.PolicyManager;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Plan;
import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.lifeboat.simulate.Scenario.EventSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.HostSpecState;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.Scenario.VmSpecState;
import io.lifeboat.simulate.Scenario;
import io.lifeboat.simulate.ScenarioException;
import io.lifeboat.simulate.ScenarioFacts;
import io.lifeboat.simulate.ScenarioReader;
import io.lifeboat.simulate.Simulator;
import io.lifeboat.store.ClusterStore;
import io.lifeboat.store.JournalStore;
import io.lifeboat.store.ResilientJournal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Each cluster's document: exported with its secrets masked and its VMs where they run now; applied whole
 * and declaratively (validated completely, stored in one transaction over the version it was read at, journaled with
 * the user and the difference, handed to the live session as changes); and the base of what-if plans.
 */
@ApplicationScoped
public class ClusterConfiguration {
    @Inject
    Leadership leadership;
    @Inject
    ClusterStore store;
    @Inject
    JournalStore journal;
    @Inject
    ResilientJournal actionJournal;
    @Inject
    LifeboatService service;
    @Inject
    FenceAgentCatalogue agents;
    @Inject
    PolicyManager policies;

    /** A document at a version (the ETag). */
    public record Versioned(ClusterDocument document, long version) {
    }

    /** What an apply did: the new version, and the difference (empty when nothing changed). */
    public record Applied(long version, boolean changed, String summary, ClusterDiff diff) {
    }

    /** The cluster's document as an operator sees it: secrets masked, VMs where they run now ({@code cluster} null: none). */
    public Optional<Versioned> export(String cluster) {
        return Optional.ofNullable(cluster).flatMap(store::load)
                .map(s -> new Versioned(SecretMask.mask(placedNow(cluster, s.document())), s.version()));
    }

    /**
     * Applies a whole document to a cluster. Nothing is stored unless all of it is valid; applying what is stored
     * already changes and journals nothing.
     *
     * @param cluster the cluster it is applied to (created if it is not stored), or null for the one it names
     * @param ifMatch the version the caller read, or null to apply over whatever is stored
     * @throws ConfigurationException 400 invalid (with the JSON pointer), 409 a host still runs VMs or a name belongs
     *                                to another cluster, 412 stale version
     */
    public Applied apply(String cluster, ClusterDocument submitted, Long ifMatch, String user) {
        return service.configuring(() -> applyNow(cluster, submitted, ifMatch, user));
    }

    private Applied applyNow(String cluster, ClusterDocument submitted, Long ifMatch, String user) {
        refuseWhileJournalKeptLocally();
        String named = submitted.cluster() == null ? null : submitted.cluster().name();
        String name = cluster != null ? cluster : named;
        Optional<ClusterStore.Stored> stored = name == null ? Optional.empty() : store.load(name);
        if (stored.isPresent() && leadership.enabled() && !leadership.leads(name)) {
            // Only the leader's session takes changes live; a standby would store what nobody applies.
            throw new ConfigurationException(503, "NOT_LEADER", "replica " + leadership.replica() + " does not lead "
                    + name + ": send configuration changes to the replica that leads it (GET /api/v1/clusters)", null);
        }
        if (named != null && !named.equals(name)) {
            // The name is the cluster's identity: its path, its lease, the keys of its journal entries.
            throw stored.isPresent()
                    ? new ConfigurationException(409, "CLUSTER_RENAME", "a cluster keeps its name (" + name
                    + "): make a new cluster under the new name and move hosts and VMs to it", "/cluster/name")
                    : new ConfigurationException(409, "CLUSTER_NAME_MISMATCH", "the path names cluster " + name
                    + ", the document " + named, "/cluster/name");
        }
        long version = stored.map(ClusterStore.Stored::version).orElse(0L);
        if (ifMatch != null && ifMatch != version) {
            throw stale(ifMatch, version);
        }
        ClusterDocument before = stored.map(ClusterStore.Stored::document).orElse(null);
        if (before != null) {
            refuseRemovingBusy(name, before, submitted);
        }
        ClusterDocument document = SecretMask.unmask(submitted, before);
        try {
            ScenarioReader.validate(document.asScenario(List.of()));
        } catch (ScenarioException e) {
            throw DocumentChecks.invalid(e.getMessage(), e.pointer());
        }
        DocumentChecks.check(document, service.heartbeatSampling(), agents);
        if (stored.isEmpty()) {
            DocumentChecks.checkNewClusterName(document.cluster().name());
        }
        ClusterDocument normalized = document.normalized();
        ClusterDiff diff = ClusterDiff.between(before, normalized);
        if (diff.isEmpty()) {
            return new Applied(version, false, diff.summary(), diff);
        }
        long next;
        try {
            next = store.replace(stored.isPresent() ? name : null, normalized, version,
                    taken -> refuseTakenByOthers(normalized, taken));
        } catch (ClusterStore.StaleVersionException e) {
            throw stale(version, version + 1);
        }
        journal.recordChange(name, "CONFIG_CHANGE", "cluster/" + name, user, diff.summary());
        service.reconfigure(before, normalized, diff);
        return new Applied(next, true, diff.summary(), diff);
    }

    /** Applies one change to the cluster's exported document (a host added, a VM removed...), as {@link #apply} does. */
    public Applied edit(String cluster, UnaryOperator<ClusterDocument> change, Long ifMatch, String user) {
        Versioned current = export(cluster).orElseThrow(() -> new ConfigurationException(404, "NO_CLUSTER",
                "no cluster is configured yet: PUT /api/v1/cluster (or /api/v1/cluster/settings) first", null));
        return apply(cluster, change.apply(current.document()), ifMatch == null ? current.version() : ifMatch, user);
    }

    /** Settings change, or the first settings of a cluster that has nothing else yet. */
    public Applied applySettings(String cluster, ClusterSpec settings, Long ifMatch, String user) {
        return export(cluster).map(v -> edit(cluster, d -> d.withCluster(settings), ifMatch, user))
                .orElseGet(() -> apply(cluster, new ClusterDocument(settings, List.of(), List.of(), List.of()), ifMatch,
                        user));
    }

    /**
     * Removes a cluster that has no host and no VM left (apply a document without them first, under the checks of
     * any removal): its failover domains go with it, its session ends, the change is journalled.
     */
    public void remove(String cluster, Long ifMatch, String user) {
        service.configuring(() -> {
            removeNow(cluster, ifMatch, user);
            return null;
        });
    }

    private void removeNow(String cluster, Long ifMatch, String user) {
        refuseWhileJournalKeptLocally();
        Versioned current = export(cluster).orElseThrow(() -> new ConfigurationException(404, "UNKNOWN_CLUSTER",
                "no cluster is named '" + cluster + "'", null));
        if (!current.document().hosts().isEmpty() || !current.document().vms().isEmpty()) {
            throw new ConfigurationException(409, "CLUSTER_NOT_EMPTY", cluster + " still has "
                    + current.document().hosts().size() + " hosts and " + current.document().vms().size()
                    + " VMs: apply its document without them first", null);
        }
        if (leadership.enabled() && !leadership.leads(cluster)) {
            throw new ConfigurationException(503, "NOT_LEADER", "replica " + leadership.replica() + " does not lead "
                    + cluster + ": send the removal to the replica that leads it (GET /api/v1/clusters)", null);
        }
        long version = ifMatch == null ? current.version() : ifMatch;
        try {
            store.delete(cluster, version);
        } catch (ClusterStore.StaleVersionException e) {
            throw stale(version, current.version());
        }
        journal.recordChange(cluster, "CONFIG_CHANGE", "cluster/" + cluster, user, "cluster removed");
        service.removed(cluster);
        leadership.gaveUp(cluster);
    }

    /**
     * The plan for these events from the live state, through simulate, touching nothing: hosts fenced now are off
     * from the start, silent ones silent, hosts in maintenance stay there, VMs run where they run now.
     */
    public Plan whatIf(String cluster, List<EventSpec> events) {
        Versioned current = export(cluster).orElseThrow(() -> new ConfigurationException(404, "NO_CLUSTER",
                "no cluster is configured: nothing to ask what-if of", null));
        Map<String, HostStatus.State> states = service.loop(cluster).map(l -> l.read(s -> s.facts(HostStatus.class).stream()
                .collect(java.util.stream.Collectors.toMap(HostStatus::host, HostStatus::state, (a, b) -> a))))
                .orElse(Map.of());
        ClusterDocument live = current.document();
        List<HostSpec> hosts = live.hosts().stream().map(h -> withState(h, states.get(h.name()))).toList();
        ClusterSpec c = live.cluster();
        // The grace in force live, so that the simulation's fences fall when the live ones would.
        int grace = (int) Math.ceil(ScenarioFacts.fencingGrace(c, service.heartbeatSampling()).toMillis() / 1000.0);
        ClusterSpec settings = new ClusterSpec(c.name(), c.mode(), c.memoryOvercommit(), c.vcpuOvercommit(),
                c.hostFailuresToTolerate(), c.heartbeatTimeout(), c.fencingSuspendShare(), c.fenceTimeout(), c.usage(),
                grace, c.fenceRetryInitial(), c.fenceRetryMax(), c.defragmentMoves(), c.failbackDelay(),
                c.vcpuHeadroomWeight(), c.measuredLoadWeight(), c.preempt());
        Scenario scenario = new Scenario(settings, hosts, live.vms(), live.failoverDomains(), events);
        try {
            ScenarioReader.validate(scenario);
        } catch (ScenarioException e) {
            throw new ConfigurationException(400, "INVALID_SCENARIO", e.getMessage(), e.pointer());
        }
        return new Simulator(policies.current()).run(scenario);
    }

    /** The host as it stands now (its picture): fenced hosts are off from the start, silent ones silent. */
    private static HostSpec withState(HostSpec h, HostStatus.State state) {
        HostSpecState now = state == null || state == HostStatus.State.UP ? h.state() : switch (state) {
            case MAINTENANCE -> HostSpecState.MAINTENANCE;
            case FENCED -> HostSpecState.FENCED;
            default -> HostSpecState.DOWN;
        };
        return h.withState(now);
    }

    private ClusterDocument placedNow(String cluster, ClusterDocument stored) {
        if (service.loop(cluster).isEmpty()) {
            return stored;
        }
        Map<String, String> running = service.runningVms(cluster);
        List<VmSpec> vms = stored.vms().stream().map(v -> {
            String host = running.get(v.name());
            return new VmSpec(v.name(), v.vcpus(), v.memoryMiB(), host,
                    host == null ? VmSpecState.STOPPED : VmSpecState.RUNNING, v.ha(), v.managed(), v.priority(),
                    v.storage(), v.networks(), v.failoverDomain(), v.antiAffinity(), v.recovery(), v.maxRestarts(),
                    v.restartExpireTime());
        }).toList();
        return new ClusterDocument(stored.cluster(), stored.hosts(), vms, stored.failoverDomains());
    }

    /**
     * A host that runs managed VMs, or a host or VM with an action in flight, cannot leave the cluster. Checked
     * before anything else: the VMs' references to such a host would otherwise read as a typo.
     */
    private void refuseRemovingBusy(String cluster, ClusterDocument before, ClusterDocument submitted) {
        Map<String, String> running = service.runningVms(cluster);
        java.util.Set<String> inFlight = service.subjectsWithActionsInFlight(cluster);
        for (String host : removed(before.hosts(), submitted.hosts(), HostSpec::name)) {
            List<String> vms = running.entrySet().stream().filter(e -> host.equals(e.getValue()))
                    .map(Map.Entry::getKey).sorted().toList();
            if (!vms.isEmpty()) {
                throw new ConfigurationException(409, "HOST_NOT_EVACUATED", host + " still runs managed VMs " + vms
                        + ": put it into maintenance until they have moved, then remove it", null);
            }
            if (inFlight.contains("host/" + host)) {
                throw new ConfigurationException(409, "ACTION_IN_FLIGHT", host + " is being fenced: remove it when"
                        + " the fence has an outcome", null);
            }
        }
        for (String vm : removed(before.vms(), submitted.vms(), VmSpec::name)) {
            if (inFlight.contains("vm/" + vm)) {
                throw new ConfigurationException(409, "ACTION_IN_FLIGHT", vm + " is being started or moved: remove"
                        + " it when that has an outcome", null);
            }
        }
    }

    /** A change would be stored in a database that cannot be written, and journalled nowhere. */
    private void refuseWhileJournalKeptLocally() {
        if (actionJournal.mode().local()) {
            throw new ConfigurationException(503, "DATABASE_UNAVAILABLE", "the database cannot be written since "
                    + actionJournal.mode().since() + ": configuration changes wait until it returns", null);
        }
    }

    /**
     * A host, its connection or a VM another cluster of the deployment has: two sessions would then watch, fence or
     * start the same machine or guest, each blind to the other.
     */
    private static void refuseTakenByOthers(ClusterDocument document, ClusterStore.Taken taken) {
        for (int i = 0; i < document.hosts().size(); i++) {
            HostSpec h = document.hosts().get(i);
            refuseTaken(taken.hosts().get(h.name()), "HOST_IN_OTHER_CLUSTER", "host " + h.name(), "/hosts/" + i + "/name");
            refuseTaken(taken.uris().get(h.uri()), "HOST_IN_OTHER_CLUSTER", "connection " + h.uri(), "/hosts/" + i + "/uri");
        }
        for (int i = 0; i < document.vms().size(); i++) {
            refuseTaken(taken.vms().get(document.vms().get(i).name()), "VM_IN_OTHER_CLUSTER",
                    "VM " + document.vms().get(i).name(), "/vms/" + i + "/name");
        }
    }

    private static void refuseTaken(String owner, String code, String what, String field) {
        if (owner != null) {
            throw new ConfigurationException(409, code, what + " belongs to cluster " + owner
                    + ": names of hosts and VMs, and connections, are unique across the deployment", field);
        }
    }

    private static <T> List<String> removed(List<T> before, List<T> after, java.util.function.Function<T, String> name) {
        java.util.Set<String> kept = after == null ? java.util.Set.of() : after.stream().filter(java.util.Objects::nonNull)
                .map(name).collect(java.util.stream.Collectors.toSet());
        return before.stream().map(name).filter(n -> !kept.contains(n)).toList();
    }

    private static ConfigurationException stale(long expected, long actual) {
        return new ConfigurationException(412, "STALE_VERSION", "the cluster is at version " + actual
                + ", not " + expected + ": read it again (GET /api/v1/cluster) and apply your change to that", null);
    }
}
