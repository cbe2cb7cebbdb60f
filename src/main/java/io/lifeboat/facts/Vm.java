package io.lifeboat.facts;

import java.util.Objects;
import java.util.Set;

/**
 * A virtual machine. {@code host} is where it runs, or for a DOWN VM where it last ran: the host that must be
 * confirmed off before the VM may start anywhere else.
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
    private String host;
    private VmState state;

    public Vm(String name, int vcpus, long memoryMiB, boolean ha, boolean managed, int priority,
              Set<String> storage, Set<String> networks, String host, VmState state) {
        this.name = Objects.requireNonNull(name);
        this.vcpus = vcpus;
        this.memoryMiB = memoryMiB;
        this.ha = ha;
        this.managed = managed;
        this.priority = priority;
        this.storage = Set.copyOf(storage);
        this.networks = Set.copyOf(networks);
        this.host = host;
        this.state = Objects.requireNonNull(state);
    }

    public String getName() { return name; }
    public int getVcpus() { return vcpus; }
    public long getMemoryMiB() { return memoryMiB; }
    public boolean isHa() { return ha; }
    public boolean isManaged() { return managed; }
    public int getPriority() { return priority; }
    public Set<String> getStorage() { return storage; }
    public Set<String> getNetworks() { return networks; }
    public String getHost() { return host; }
    public VmState getState() { return state; }

    /** Its host was confirmed off: it is not running, and {@code host} keeps naming where it last ran. */
    public void markDown() { this.state = VmState.DOWN; }

    public void markRunningOn(String host) {
        this.host = Objects.requireNonNull(host);
        this.state = VmState.RUNNING;
    }

    @Override
    public String toString() {
        return "Vm[" + name + " " + state + " on " + host + (ha ? " ha" : "") + " vcpus=" + vcpus
                + " memoryMiB=" + memoryMiB + " priority=" + priority + "]";
    }
}
