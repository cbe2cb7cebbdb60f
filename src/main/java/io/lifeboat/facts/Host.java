package io.lifeboat.facts;

import java.util.Objects;
import java.util.Set;

/** A physical host of the cluster. Its {@code state} is changed by the rules (and only by them). */
public class Host {
    private final String name;
    private final String os;
    private final String osVersion;
    private final Hypervisor hypervisor;
    private final int cpus;
    private final long memoryMiB;
    private final Set<String> storage;
    private final Set<String> networks;
    private HostState state;

    public Host(String name, String os, String osVersion, Hypervisor hypervisor, int cpus, long memoryMiB,
                Set<String> storage, Set<String> networks, HostState state) {
        this.name = Objects.requireNonNull(name);
        this.os = os;
        this.osVersion = osVersion;
        this.hypervisor = hypervisor;
        this.cpus = cpus;
        this.memoryMiB = memoryMiB;
        this.storage = Set.copyOf(storage);
        this.networks = Set.copyOf(networks);
        this.state = Objects.requireNonNull(state);
    }

    public String getName() { return name; }
    public String getOs() { return os; }
    public String getOsVersion() { return osVersion; }
    public Hypervisor getHypervisor() { return hypervisor; }
    public int getCpus() { return cpus; }
    public long getMemoryMiB() { return memoryMiB; }
    public Set<String> getStorage() { return storage; }
    public Set<String> getNetworks() { return networks; }
    public HostState getState() { return state; }
    public void setState(HostState state) { this.state = Objects.requireNonNull(state); }

    @Override
    public String toString() {
        return "Host[" + name + " " + state + " " + hypervisor + " cpus=" + cpus + " memoryMiB=" + memoryMiB + "]";
    }
}
