package io.lifeboat.store;

import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostState;
import io.lifeboat.facts.Hypervisor;
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
    public String name;
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

    public Host toFact() {
        return Host.builder(name).os(os, osVersion).hypervisor(hypervisor).cpus(cpus).memoryMiB(memoryMiB)
                .storage(Csv.split(storage)).networks(Csv.split(networks)).state(HostState.UP).build();
    }
}
