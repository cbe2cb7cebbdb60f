package io.lifeboat.store;

import io.lifeboat.facts.Vm;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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
    public String name;
    public int vcpus;
    @Column(name = "memory_mib")
    public long memoryMiB;
    /** Where it runs (or should run when started). */
    public String host;
    public boolean running;
    public boolean ha;
    public boolean managed;
    public int priority;
    /** The newest libvirt domain XML seen of this VM. */
    @Column(name = "definition_xml")
    public String definitionXml;

    public Vm toFact() {
        Vm.Builder vm = Vm.builder(name).vcpus(vcpus).memoryMiB(memoryMiB).ha(ha).managed(managed).priority(priority);
        return (running ? vm.runningOn(host) : vm.stopped()).build();
    }
}
