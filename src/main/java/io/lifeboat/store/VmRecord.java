package io.lifeboat.store;

import io.lifeboat.simulate.Scenario.RecoverySpec;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.Scenario.VmSpecState;
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
@Table(name = "vm")
public class VmRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** The cluster it belongs to (its row's id). */
    @Column(name = "cluster_id")
    public Long clusterId;
    public String name;
    /** Its place in the document. */
    public int position;
    public int vcpus;
    @Column(name = "memory_mib")
    public long memoryMiB;
    /** Where it ran when it was configured; the live session knows where it runs now. */
    public String host;
    public boolean running;
    public boolean ha;
    public boolean managed;
    public int priority;
    /** Comma-separated storage domains it needs. */
    public String storage = "";
    /** Comma-separated networks it needs. */
    public String networks = "";
    @Column(name = "failover_domain")
    public String failoverDomain;
    @Column(name = "anti_affinity")
    public String antiAffinity;
    @Enumerated(EnumType.STRING)
    public RecoverySpec recovery = RecoverySpec.RESTART;
    @Column(name = "max_restarts")
    public int maxRestarts;
    @Column(name = "restart_expire_seconds")
    public int restartExpireSeconds;
    /** The newest libvirt domain XML seen of this VM. */
    @Column(name = "definition_xml")
    public String definitionXml;

    /** Writes the VM's configuration; {@code withPlacement} also where it runs (for a VM new to the store). */
    void write(VmSpec v, boolean withPlacement) {
        name = v.name();
        vcpus = v.vcpus();
        memoryMiB = v.memoryMiB();
        ha = v.ha();
        managed = v.managed();
        priority = v.priority();
        storage = Csv.join(v.storage());
        networks = Csv.join(v.networks());
        failoverDomain = v.failoverDomain();
        antiAffinity = v.antiAffinity();
        recovery = v.recovery();
        maxRestarts = v.maxRestarts();
        restartExpireSeconds = v.restartExpireTime();
        if (withPlacement) {
            host = v.host();
            running = v.state() == VmSpecState.RUNNING;
        }
    }

    VmSpec spec() {
        return new VmSpec(name, vcpus, memoryMiB, running ? host : null,
                running ? VmSpecState.RUNNING : VmSpecState.STOPPED, ha, managed, priority, Csv.list(storage),
                Csv.list(networks), failoverDomain, antiAffinity, recovery, maxRestarts, restartExpireSeconds);
    }
}
