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
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * The cluster document in the database, with its version, and the fence devices' parameters for the fencing plugin.
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

    @Transactional
    public Optional<Stored> load() {
        return ClusterRecord.<ClusterRecord>findAll().firstResultOptional().map(c -> new Stored(document(c), c.version));
    }

    private ClusterDocument document(ClusterRecord cluster) {
        Map<String, List<FenceLevelSpec>> fencing = new HashMap<>();
        FenceDeviceRecord.<FenceDeviceRecord>listAll(Sort.by("host", "level", "device")).forEach(d -> fencing
                .computeIfAbsent(d.host, h -> new ArrayList<>())
                .add(new FenceLevelSpec(d.level, d.agent, json.readStrings(d.params))));
        List<HostSpec> hosts = HostRecord.<HostRecord>listAll(Sort.by("position")).stream()
                .map(h -> h.spec(fencing.getOrDefault(h.name, List.of()), json)).toList();
        List<VmSpec> vms = VmRecord.<VmRecord>listAll(Sort.by("position")).stream().map(VmRecord::spec).toList();
        return new ClusterDocument(cluster.spec(), hosts, vms, FailoverDomainRecord.<FailoverDomainRecord>listAll(Sort.by("position"))
                .stream().map(d -> d.spec(json)).toList());
    }

    /**
     * Writes a normalized document over the stored one: what it no longer names is removed, the rest updated in
     * place (a VM keeps its definition and, once stored, its placement), the new added. {@code expectedVersion} 0
     * means "nothing is stored yet".
     *
     * @return the new version
     * @throws StaleVersionException when the stored version is not {@code expectedVersion}
     */
    @Transactional
    public long replace(ClusterDocument document, long expectedVersion) {
        Optional<ClusterRecord> current = ClusterRecord.<ClusterRecord>findAll()
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
        long actual = current.map(c -> c.version).orElse(0L);
        if (actual != expectedVersion) {
            throw new StaleVersionException(expectedVersion, actual);
        }
        ClusterRecord cluster = current.orElseGet(ClusterRecord::new);
        cluster.write(document.cluster());
        cluster.version = actual + 1;
        cluster.persist();
        replaceHosts(document.hosts());
        replaceVms(document.vms());
        Map<String, FailoverDomainRecord> domains = byName(FailoverDomainRecord.<FailoverDomainRecord>listAll(), d -> d.name);
        for (int i = 0; i < document.failoverDomains().size(); i++) {
            FailoverDomainSpec d = document.failoverDomains().get(i);
            FailoverDomainRecord record = domains.computeIfAbsent(d.name(), n -> new FailoverDomainRecord());
            record.write(d, json);
            record.position = i;
        }
        removeUnnamed(domains, ClusterDocument.byName(document.failoverDomains(), d -> d.name()));
        domains.values().forEach(d -> d.persist());
        return cluster.version;
    }

    private void replaceHosts(List<HostSpec> hosts) {
        Map<String, HostRecord> records = byName(HostRecord.<HostRecord>listAll(), h -> h.name);
        FenceDeviceRecord.deleteAll();
        for (int i = 0; i < hosts.size(); i++) {
            HostSpec h = hosts.get(i);
            HostRecord record = records.computeIfAbsent(h.name(), n -> new HostRecord());
            record.write(h, json);
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

    private void replaceVms(List<VmSpec> vms) {
        Map<String, VmRecord> records = byName(VmRecord.<VmRecord>listAll(), v -> v.name);
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
