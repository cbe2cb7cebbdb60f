package io.lifeboat.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.fencing.FenceDeviceDirectory;
import io.lifeboat.fencing.FenceDeviceParams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** The cluster's configuration: read as facts at start, and by the fencing plugin for device parameters. */
@ApplicationScoped
public class ClusterStore implements FenceDeviceDirectory {
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    /** Everything the policy session starts from. */
    public record Snapshot(ClusterSettings settings, List<HostRecord> hosts, List<VmRecord> vms,
                           List<FenceDeviceRecord> fenceDevices) {

        public Map<String, String> connectionUris() {
            return hosts.stream().collect(Collectors.toMap(h -> h.name, h -> h.connectionUri));
        }
    }

    @Transactional
    public Optional<Snapshot> load() {
        Optional<ClusterRecord> cluster = ClusterRecord.<ClusterRecord>findAll().firstResultOptional();
        return cluster.map(c -> new Snapshot(c.toFact(), HostRecord.listAll(), VmRecord.listAll(),
                FenceDeviceRecord.listAll()));
    }

    @Transactional
    public boolean isEmpty() {
        return ClusterRecord.count() == 0;
    }

    /** Stores a whole cluster in one transaction (the demo's seed, an import). */
    @Transactional
    public void save(ClusterSettings settings, List<HostRecord> hosts, List<VmRecord> vms,
                     List<FenceDeviceRecord> fenceDevices) {
        ClusterRecord.of(settings).persist();
        hosts.forEach(h -> h.persist());
        vms.forEach(v -> v.persist());
        fenceDevices.forEach(d -> d.persist());
    }

    /** Keeps a VM's newest definition; VMs the store does not know (local-only guests) are not recorded. */
    @Transactional
    public void saveDefinition(String vm, String definitionXml) {
        VmRecord.update("definitionXml = ?1 where name = ?2", definitionXml, vm);
    }

    @Override
    @Transactional
    public List<FenceDeviceParams> devices(String host, int level) {
        return FenceDeviceRecord.<FenceDeviceRecord>list("host = ?1 and level = ?2 order by id", host, level).stream()
                .map(d -> new FenceDeviceParams(d.agent, parse(d.params))).toList();
    }

    public String toJson(Map<String, String> params) {
        try {
            return json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fence parameters are not serialisable", e);
        }
    }

    private Map<String, String> parse(String params) {
        try {
            return json.readValue(params, PARAMS);
        } catch (JsonProcessingException e) {
            // The message of a parse error could quote the text, and the text holds passwords.
            throw new IllegalStateException("stored fence parameters are not valid JSON");
        }
    }

}
