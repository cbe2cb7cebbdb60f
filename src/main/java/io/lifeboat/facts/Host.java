package io.lifeboat.facts;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A physical host of the cluster. Its {@code state} is changed by the rules. Built with {@link #builder(String)}. */
public class Host {
    private final String name;
    private final String os;
    private final String osVersion;
    private final Hypervisor hypervisor;
    private final int cpus;
    private final long memoryMiB;
    private final Set<String> storage;
    private final Set<String> networks;
    private final Map<String, String> labels;
    private final Double memoryOvercommit;
    private final Double vcpuOvercommit;
    private HostState state;

    private Host(Builder b) {
        this.name = Objects.requireNonNull(b.name);
        this.os = b.os;
        this.osVersion = b.osVersion;
        this.hypervisor = Objects.requireNonNull(b.hypervisor);
        this.cpus = b.cpus;
        this.memoryMiB = b.memoryMiB;
        this.storage = Set.copyOf(b.storage);
        this.networks = Set.copyOf(b.networks);
        this.labels = Map.copyOf(b.labels);
        this.state = Objects.requireNonNull(b.state);
        this.memoryOvercommit = b.memoryOvercommit;
        this.vcpuOvercommit = b.vcpuOvercommit;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String getName() { return name; }
    public String getOs() { return os; }
    public String getOsVersion() { return osVersion; }
    public Hypervisor getHypervisor() { return hypervisor; }
    public int getCpus() { return cpus; }
    public long getMemoryMiB() { return memoryMiB; }
    public Set<String> getStorage() { return storage; }
    public Set<String> getNetworks() { return networks; }
    public Map<String, String> getLabels() { return labels; }
    public HostState getState() { return state; }

    /** This host's memoryOvercommit when it has its own, else the cluster's. */
    public double memoryOvercommit(double cluster) { return memoryOvercommit == null ? cluster : memoryOvercommit; }

    /** This host's vcpuOvercommit when it has its own, else the cluster's. */
    public double vcpuOvercommit(double cluster) { return vcpuOvercommit == null ? cluster : vcpuOvercommit; }
    public void setState(HostState state) { this.state = Objects.requireNonNull(state); }

    @Override
    public String toString() {
        return "Host[" + name + " " + state + " " + hypervisor + " cpus=" + cpus + " memoryMiB=" + memoryMiB + "]";
    }

    /** Defaults: RHEL 6.4, KVM, UP. */
    public static final class Builder {
        private final String name;
        private String os = "RHEL";
        private String osVersion = "6.4";
        private Hypervisor hypervisor = Hypervisor.KVM;
        private int cpus = 16;
        private long memoryMiB = 65536;
        private Set<String> storage = Set.of();
        private Set<String> networks = Set.of();
        private Map<String, String> labels = Map.of();
        private HostState state = HostState.UP;
        private Double memoryOvercommit;
        private Double vcpuOvercommit;

        private Builder(String name) {
            this.name = name;
        }

        public Builder os(String os, String version) { this.os = os; this.osVersion = version; return this; }
        public Builder hypervisor(Hypervisor hypervisor) { this.hypervisor = hypervisor; return this; }
        public Builder cpus(int cpus) { this.cpus = cpus; return this; }
        public Builder memoryMiB(long memoryMiB) { this.memoryMiB = memoryMiB; return this; }
        public Builder storage(Set<String> storage) { this.storage = storage; return this; }
        public Builder networks(Set<String> networks) { this.networks = networks; return this; }
        public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }
        public Builder state(HostState state) { this.state = state; return this; }

        /** The host's own ratios; null for the cluster's. */
        public Builder overcommit(Double memory, Double vcpu) {
            this.memoryOvercommit = memory;
            this.vcpuOvercommit = vcpu;
            return this;
        }

        public Host build() {
            return new Host(this);
        }
    }
}
