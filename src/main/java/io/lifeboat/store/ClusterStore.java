package io.lifeboat.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.fencing.FenceDeviceDirectory;
import io.lifeboat.fencing.FenceDeviceParams;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.FailoverDomainSpec;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The clusters' documents in the database, each with its version, and the fence devices' parameters for the fencing plugin.
 * A document is written whole, in one transaction, and only over the version it was read at.
 */
@ApplicationScoped
public class ClusterStore implements FenceDeviceDirectory {
    @Inject
    ObjectMapper mapper;

    private Json json;

    /** A stored document (secrets included) and its version. */
    public record Stored(ClusterDocument document, long version) {
    }

    /** The document was changed since the version the caller read. */
    public static final class StaleVersionException extends RuntimeException {
        public StaleVersionException(long expected, long actual) {
            super("the cluster is at version " + actual + ", not " + expected);
        }
    }

    @PostConstruct
    void init() {
        json = new Json(mapper);
    }

    /** The names of the clusters in the store, in the order they were created. */
    @Transactional
    public List<String> names() {
        return ClusterRecord.<ClusterRecord>listAll(Sort.by("id")).stream().map(c -> c.name).toList();
    }

    /** The cluster of that name, if it is stored. */
    @Transactional
    public Optional<Stored> load(String cluster) {
        return record(cluster).map(c -> new Stored(document(c), c.version));
    }

    private static Optional<ClusterRecord> record(String cluster) {
        return ClusterRecord.<ClusterRecord>find("name", cluster).firstResultOptional();
    }

    private ClusterDocument document(ClusterRecord cluster) {
        List<HostRecord> hostRecords = HostRecord.list("clusterId", Sort.by("position"), cluster.id);
        Map<String, List<FenceLevelSpec>> fencing = new HashMap<>();
        devicesOf(hostRecords.stream().map(h -> h.name).toList()).forEach(d -> fencing
                .computeIfAbsent(d.host, h -> new ArrayList<>())
                .add(new FenceLevelSpec(d.level, d.agent, json.readStrings(d.params))));
        List<HostSpec> hosts = hostRecords.stream().map(h -> h.spec(fencing.getOrDefault(h.name, List.of()), json))
                .toList();
        List<VmSpec> vms = VmRecord.<VmRecord>list("clusterId", Sort.by("position"), cluster.id).stream()
                .map(VmRecord::spec).toList();
        return new ClusterDocument(cluster.spec(), hosts, vms, FailoverDomainRecord.<FailoverDomainRecord>list(
                "clusterId", Sort.by("position"), cluster.id).stream().map(d -> d.spec(json)).toList());
    }

    private static List<FenceDeviceRecord> devicesOf(List<String> hosts) {
        return hosts.isEmpty() ? List.of()
                : FenceDeviceRecord.list("host in ?1", Sort.by("host", "level", "device"), hosts);
    }

    /**
     * Writes a normalized document over the stored cluster {@code cluster} (or, when null, as a new cluster): what it
     * no longer names is removed, the rest updated in place (a VM keeps its definition and, once stored, its
     * placement), the new added. {@code expectedVersion} 0 means "this cluster is not stored yet".
     *
     * @param othersHold checks, after every other change is committed and before anything is written, what the
     *                   other clusters hold (it throws to refuse the document)
     * @return the new version
     * @throws StaleVersionException when the stored version is not {@code expectedVersion}
     */
    @Transactional
    public long replace(String cluster, ClusterDocument document, long expectedVersion,
                        java.util.function.Consumer<Taken> othersHold) {
        lockConfiguration();
        Optional<ClusterRecord> current = record(cluster == null ? document.cluster().name() : cluster);
        if (cluster == null && current.isPresent()) {
            throw new StaleVersionException(0, current.get().version); // made meanwhile by another
        }
        long actual = current.map(c -> c.version).orElse(0L);
        if (actual != expectedVersion) {
            throw new StaleVersionException(expectedVersion, actual);
        }
        othersHold.accept(takenByOthers(document.cluster().name()));
        ClusterRecord record = current.orElseGet(ClusterRecord::new);
        record.write(document.cluster());
        record.version = actual + 1;
        record.persist();
        replaceHosts(record.id, document.hosts());
        replaceVms(record.id, document.vms());
        Map<String, FailoverDomainRecord> domains = byName(FailoverDomainRecord.<FailoverDomainRecord>list(
                "clusterId", record.id), d -> d.name);
        for (int i = 0; i < document.failoverDomains().size(); i++) {
            FailoverDomainSpec d = document.failoverDomains().get(i);
            FailoverDomainRecord domain = domains.computeIfAbsent(d.name(), n -> new FailoverDomainRecord());
            domain.write(d, json);
            domain.clusterId = record.id;
            domain.position = i;
        }
        removeUnnamed(domains, ClusterDocument.byName(document.failoverDomains(), d -> d.name()));
        domains.values().forEach(d -> d.persist());
        return record.version;
    }

    /**
     * Removes a cluster that names no host and no VM any more (its hosts and VMs are removed by applying a document
     * without them first, under the same checks as any removal), with its failover domains.
     *
     * @return whether it was stored
     */
    @Transactional
    public boolean delete(String cluster, long expectedVersion) {
        lockConfiguration();
        Optional<ClusterRecord> current = record(cluster);
        if (current.isEmpty()) {
            return false;
        }
        if (current.get().version != expectedVersion) {
            throw new StaleVersionException(expectedVersion, current.get().version);
        }
        Long id = current.get().id;
        if (HostRecord.count("clusterId", id) + VmRecord.count("clusterId", id) > 0) {
            throw new IllegalStateException("cluster " + cluster + " still has hosts or VMs");
        }
        FailoverDomainRecord.delete("clusterId", id);
        current.get().delete();
        return true;
    }

    /**
     * Serializes every configuration change of the deployment (see V29): the row stays locked to the end of the
     * caller's transaction.
     */
    private static void lockConfiguration() {
        if (ClusterRecord.getEntityManager().createNativeQuery("UPDATE configuration_lock SET changes = changes + 1"
                + " WHERE id = 1").executeUpdate() != 1) {
            throw new IllegalStateException("the configuration_lock row is missing: configuration changes are refused");
        }
    }

    /** Where each host, VM and connection URI of the other clusters is: what a cluster may not take as its own. */
    private static Taken takenByOthers(String cluster) {
        Map<Long, String> names = ClusterRecord.<ClusterRecord>listAll().stream()
                .filter(c -> !c.name.equals(cluster)).collect(Collectors.toMap(c -> c.id, c -> c.name));
        Map<String, String> hosts = new HashMap<>();
        Map<String, String> uris = new HashMap<>();
        Map<String, String> vms = new HashMap<>();
        if (!names.isEmpty()) {
            HostRecord.<HostRecord>list("clusterId in ?1", names.keySet()).forEach(h -> {
                hosts.put(h.name, names.get(h.clusterId));
                uris.put(h.connectionUri, names.get(h.clusterId));
            });
            VmRecord.<VmRecord>list("clusterId in ?1", names.keySet()).forEach(v -> vms.put(v.name,
                    names.get(v.clusterId)));
        }
        return new Taken(hosts, uris, vms);
    }

    /** Host names, connection URIs and VM names, each with the cluster that has it. */
    public record Taken(Map<String, String> hosts, Map<String, String> uris, Map<String, String> vms) {
    }

    private void replaceHosts(Long cluster, List<HostSpec> hosts) {
        Map<String, HostRecord> records = byName(HostRecord.<HostRecord>list("clusterId", cluster), h -> h.name);
        // Its hosts' devices, and any left by a host of that name before (no other cluster has it: ClusterConfiguration).
        java.util.Set<String> named = new java.util.HashSet<>(records.keySet());
        hosts.forEach(h -> named.add(h.name()));
        if (!named.isEmpty()) {
            FenceDeviceRecord.delete("host in ?1", List.copyOf(named));
        }
        for (int i = 0; i < hosts.size(); i++) {
            HostSpec h = hosts.get(i);
            HostRecord record = records.computeIfAbsent(h.name(), n -> new HostRecord());
            record.write(h, json);
            record.clusterId = cluster;
            record.position = i;
            Map<Integer, Integer> devicesPerLevel = new HashMap<>();
            for (FenceLevelSpec level : h.fencing()) {
                FenceDeviceRecord device = new FenceDeviceRecord();
                device.host = h.name();
                device.level = level.level();
                device.device = devicesPerLevel.merge(level.level(), 1, Integer::sum);
                device.agent = level.agent();
                device.params = json.write(level.params());
                device.persist();
            }
        }
        removeUnnamed(records, ClusterDocument.byName(hosts, HostSpec::name));
        records.values().forEach(h -> h.persist());
    }

    private void replaceVms(Long cluster, List<VmSpec> vms) {
        Map<String, VmRecord> records = byName(VmRecord.<VmRecord>list("clusterId", cluster), v -> v.name);
        for (int i = 0; i < vms.size(); i++) {
            VmSpec v = vms.get(i);
            VmRecord record = records.get(v.name());
            if (record == null) {
                record = new VmRecord();
                records.put(v.name(), record);
                record.write(v, true);
            } else {
                record.write(v, false);
            }
            record.clusterId = cluster;
            record.position = i;
        }
        removeUnnamed(records, ClusterDocument.byName(vms, VmSpec::name));
        records.values().forEach(v -> v.persist());
    }

    private static <R extends io.quarkus.hibernate.orm.panache.PanacheEntityBase> void removeUnnamed(
            Map<String, R> records, Map<String, ?> named) {
        records.entrySet().removeIf(e -> {
            if (named.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().delete();
            return true;
        });
    }

    private static <R> Map<String, R> byName(List<R> records, Function<R, String> name) {
        return records.stream().collect(Collectors.toMap(name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /** Keeps a VM's newest definition; VMs the store does not know (local-only guests) are not recorded. */
    @Transactional
    public void saveDefinition(String vm, String definitionXml) {
        VmRecord.update("definitionXml = ?1 where name = ?2", definitionXml, vm);
    }

    /** The newest definition of each VM that has one. */
    @Transactional
    public Map<String, String> definitions() {
        return VmRecord.<VmRecord>list("definitionXml is not null").stream()
                .collect(Collectors.toMap(v -> v.name, v -> v.definitionXml, (a, b) -> a));
    }

    @Override
    @Transactional
    public List<FenceDeviceParams> devices(String host, int level) {
        return FenceDeviceRecord.<FenceDeviceRecord>list("host = ?1 and level = ?2", Sort.by("device"), host, level)
                .stream().sorted(Comparator.comparingInt(d -> d.device))
                .map(d -> new FenceDeviceParams(d.agent, json.readStrings(d.params))).toList();
    }
}
