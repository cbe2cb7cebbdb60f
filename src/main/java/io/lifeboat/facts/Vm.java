package io.lifeboat.facts;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A virtual machine. {@code host} is where it runs, or for a DOWN VM where it last ran: the host that must be
 * confirmed off before the VM may start anywhere else. Built with {@link #builder(String)}.
 */
public class Vm {
    private final String name;
    private final int vcpus;
    private final long memoryMiB;
    private final boolean ha;
    private final boolean managed;
    private final int priority;
    private final Set<String> storage;
    private final Set<String> networks;
    private final String failoverDomain;
    private final String antiAffinity;
    private final Recovery recovery;
    private final int maxRestarts;
    private final Duration restartExpireTime;
    private String host;
    private VmState state;
    private long lastCrashAt = Long.MIN_VALUE;
    private boolean downAfterFence;

    private Vm(Builder b) {
        this.name = Objects.requireNonNull(b.name);
        this.vcpus = b.vcpus;
        this.memoryMiB = b.memoryMiB;
        this.ha = b.ha;
        this.managed = b.managed;
        this.priority = b.priority;
        this.storage = Set.copyOf(b.storage);
        this.networks = Set.copyOf(b.networks);
        this.failoverDomain = b.failoverDomain;
        this.antiAffinity = b.antiAffinity;
        this.recovery = Objects.requireNonNull(b.recovery);
        this.maxRestarts = b.maxRestarts;
        this.restartExpireTime = Objects.requireNonNull(b.restartExpireTime);
        this.host = b.host;
        this.state = Objects.requireNonNull(b.state);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String getName() { return name; }
    public int getVcpus() { return vcpus; }
    public long getMemoryMiB() { return memoryMiB; }
    public boolean isHa() { return ha; }
    public boolean isManaged() { return managed; }
    public int getPriority() { return priority; }
    public Set<String> getStorage() { return storage; }
    public Set<String> getNetworks() { return networks; }
    /** The failover domain it belongs to, or null. */
    public String getFailoverDomain() { return failoverDomain; }
    /** VMs sharing this group never run on the same host; null for none. */
    public String getAntiAffinity() { return antiAffinity; }
    public Recovery getRecovery() { return recovery; }
    public int getMaxRestarts() { return maxRestarts; }
    public Duration getRestartExpireTime() { return restartExpireTime; }
    public long getRestartExpireMillis() { return restartExpireTime.toMillis(); }
    public String getHost() { return host; }
    public VmState getState() { return state; }
    /** Epoch millisecond of the newest crash already applied to this VM, so that each crash is applied once. */
    public long getLastCrashAt() { return lastCrashAt; }

    /** Its host was fenced: it is not running, and {@code host} keeps naming where it last ran. */
    public void markDown() {
        this.state = VmState.DOWN;
        this.downAfterFence = true;
    }

    /** Down because its host was fenced (not because it crashed). */
    public boolean isDownAfterFence() { return state == VmState.DOWN && downAfterFence; }

    /** The hypervisor saw it die at {@code at}: it is down, on the host it ran on. */
    public void markCrashed(long at) {
        this.state = VmState.DOWN;
        this.downAfterFence = false;
        this.lastCrashAt = at;
    }

    public void markRunningOn(String host) {
        this.host = Objects.requireNonNull(host);
        this.state = VmState.RUNNING;
    }

    /**
     * Takes over where another instance of this VM stands (host, state, crash history): a configuration change
     * replaces the VM's settings, never what is happening to it.
     */
    public void carryRuntimeStateFrom(Vm current) {
        this.host = current.host;
        this.state = current.state;
        this.lastCrashAt = current.lastCrashAt;
        this.downAfterFence = current.downAfterFence;
    }

    /** Stopped on purpose: not meant to run. */
    public void markStopped() { this.state = VmState.STOPPED; }

    @Override
    public String toString() {
        return "Vm[" + name + " " + state + " on " + host + (ha ? " ha" : "") + " vcpus=" + vcpus
                + " memoryMiB=" + memoryMiB + " priority=" + priority + "]";
    }

    /** Defaults follow the scenario contract: not HA, managed, priority 0, recovery restart. */
    public static final class Builder {
        private final String name;
        private int vcpus = 1;
        private long memoryMiB = 1024;
        private boolean ha;
        private boolean managed = true;
        private int priority;
        private Set<String> storage = Set.of();
        private Set<String> networks = Set.of();
        private String failoverDomain;
        private String antiAffinity;
        private Recovery recovery = Recovery.RESTART;
        private int maxRestarts;
        private Duration restartExpireTime = Duration.ZERO;
        private String host;
        private VmState state = VmState.STOPPED;

        private Builder(String name) {
            this.name = name;
        }

        public Builder vcpus(int vcpus) { this.vcpus = vcpus; return this; }
        public Builder memoryMiB(long memoryMiB) { this.memoryMiB = memoryMiB; return this; }
        public Builder ha(boolean ha) { this.ha = ha; return this; }
        public Builder managed(boolean managed) { this.managed = managed; return this; }
        public Builder priority(int priority) { this.priority = priority; return this; }
        public Builder storage(Set<String> storage) { this.storage = storage; return this; }
        public Builder networks(Set<String> networks) { this.networks = networks; return this; }
        public Builder failoverDomain(String failoverDomain) { this.failoverDomain = failoverDomain; return this; }
        public Builder antiAffinity(String antiAffinity) { this.antiAffinity = antiAffinity; return this; }
        public Builder recovery(Recovery recovery) { this.recovery = recovery; return this; }
        public Builder maxRestarts(int maxRestarts) { this.maxRestarts = maxRestarts; return this; }
        public Builder restartExpireTime(Duration time) { this.restartExpireTime = time; return this; }

        public Builder runningOn(String host) {
            this.host = host;
            this.state = VmState.RUNNING;
            return this;
        }

        public Builder stopped() {
            this.state = VmState.STOPPED;
            return this;
        }

        public Vm build() {
            return new Vm(this);
        }
    }
}
