package io.lifeboat.store;

import java.util.List;
import java.util.Map;

import io.lifeboat.facts.Hypervisor;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.HostSpecState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "host")
public class HostRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** The cluster it belongs to (its row's id). */
    @Column(name = "cluster_id")
    public Long clusterId;
    public String name;
    /** Its place in the document. */
    public int position;
    public String os;
    @Column(name = "os_version")
    public String osVersion;
    @Enumerated(EnumType.STRING)
    public Hypervisor hypervisor;
    public int cpus;
    @Column(name = "memory_mib")
    public long memoryMiB;
    /** libvirt connection URI, e.g. qemu+ssh://root@h1/system. */
    @Column(name = "connection_uri")
    public String connectionUri;
    /** Comma-separated storage domains the host reaches. */
    public String storage;
    /** Comma-separated networks the host is attached to. */
    public String networks;
    @Enumerated(EnumType.STRING)
    @Column(name = "configured_state")
    public HostSpecState configuredState = HostSpecState.UP;
    /** JSON object. */
    public String labels;
    /** This host's own ratios, or null for the cluster's. */
    @Column(name = "memory_overcommit")
    public Double memoryOvercommit;
    @Column(name = "vcpu_overcommit")
    public Double vcpuOvercommit;

    void write(HostSpec h, Json json) {
        name = h.name();
        os = h.os();
        osVersion = h.osVersion();
        hypervisor = h.hypervisor();
        cpus = h.cpus();
        memoryMiB = h.memoryMiB();
        connectionUri = h.uri();
        storage = Csv.join(h.storage());
        networks = Csv.join(h.networks());
        configuredState = h.state();
        labels = json.write(h.labels());
        memoryOvercommit = h.memoryOvercommit();
        vcpuOvercommit = h.vcpuOvercommit();
    }

    HostSpec spec(List<FenceLevelSpec> fencing, Json json) {
        Map<String, String> labelMap = labels == null ? Map.of() : json.readStrings(labels);
        return new HostSpec(name, os, osVersion, hypervisor, cpus, memoryMiB, configuredState,
                Csv.list(storage), Csv.list(networks), labelMap, fencing, connectionUri, memoryOvercommit, vcpuOvercommit);
    }
}
