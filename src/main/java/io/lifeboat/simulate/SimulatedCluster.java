package io.lifeboat.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.lifeboat.fencing.FenceAgents;
import io.lifeboat.fencing.FenceDeviceDirectory;
import io.lifeboat.fencing.FenceDeviceParams;
import io.lifeboat.fencing.FenceOperation;
import io.lifeboat.fencing.FenceResult;
import io.lifeboat.hypervisor.DomainState;
import io.lifeboat.hypervisor.DomainView;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.HostUnreachableException;
import io.lifeboat.hypervisor.HypervisorDriver;
import io.lifeboat.hypervisor.HypervisorException;

/**
 * The world a simulation acts on: hosts with power and a link, the VMs each runs, and fence devices that succeed
 * unless a fault says otherwise. It stands in for the hypervisor and fencing plugins, so the real dispatcher and its
 * safety checks run unchanged. Single-threaded, like the simulation.
 *
 * <p>A host loses power when every device of one of its fence levels is off (both PDU ports of a host with two power
 * supplies); a device that is off reports OFF even while the host still runs on another supply.
 */
final class SimulatedCluster implements HypervisorDriver, FenceAgents, FenceDeviceDirectory {
    /** Parameters the simulated directory gives each device, so the simulated agent knows which one it is. */
    static final String HOST_PARAM = "plug";
    static final String LEVEL_PARAM = "lifeboat_level";
    static final String DEVICE_PARAM = "lifeboat_device";

    private static final class SimHost {
        boolean poweredOn = true;
        boolean answering = true;
        final Map<String, Boolean> domains = new LinkedHashMap<>();
        /** The agents of each fence level, device 1 first. */
        final Map<Integer, List<String>> fenceLevels;
        /** The devices turned off, by level, until the host is powered on again. */
        final Map<Integer, Set<Integer>> devicesOff = new HashMap<>();
        /** The share of its CPUs its guests use, once a scenario stated it. */
        Integer cpuLoadPercent;

        SimHost(Map<Integer, List<String>> fenceLevels) {
            this.fenceLevels = fenceLevels;
        }
    }

    private record Device(String host, int level, int device) {
    }

    /**
     * Sees the world change (the safety property test): every start before it takes effect, and every moment after an
     * event or an action's effect. It reads the world's physical truth, not what Lifeboat believes.
     */
    interface Watch {
        Watch NONE = new Watch() {
        };

        /** {@code vm} is about to run on {@code target}: started there, or migrated there {@code from} a host. */
        default void starting(SimulatedCluster world, String vm, String from, String target) {
        }

        /** The world just changed: after {@code what}, an action of Lifeboat's or (when false) an event. */
        default void moment(SimulatedCluster world, String what, boolean byLifeboat) {
        }
    }

    private Watch watch = Watch.NONE;

    private final Map<String, SimHost> hosts = new LinkedHashMap<>();
    private final Map<Device, Scenario.FaultMode> faults = new HashMap<>();

    void addHost(String name, Map<Integer, List<String>> fenceLevels) {
        hosts.put(name, new SimHost(fenceLevels));
    }

    void watch(Watch watch) {
        this.watch = watch;
    }

    void moment(String what, boolean byLifeboat) {
        watch.moment(this, what, byLifeboat);
    }

    /** Someone runs the VM on the host (the scenario's start, or virsh); nothing runs on a host that is off. */
    void runDomain(String host, String vm) {
        SimHost h = hosts.get(host);
        if (h.poweredOn) {
            h.domains.put(vm, true);
        }
    }

    /** Whether the host has power (it may run VMs while silent: only a fence or a hand switches it off). */
    boolean poweredOn(String host) {
        return hosts.get(host).poweredOn;
    }

    /** The hosts where the VM physically runs now, answering or not. */
    Set<String> physicallyRunning(String vm) {
        Set<String> on = new java.util.TreeSet<>();
        hosts.forEach((name, h) -> {
            if (h.poweredOn && Boolean.TRUE.equals(h.domains.get(vm))) {
                on.add(name);
            }
        });
        return on;
    }

    /** What an answering host reports; {@link #probe} for a host that may be silent. */
    HostInventory inventory(String host) {
        List<DomainView> domains = hosts.get(host).domains.entrySet().stream()
                .map(d -> new DomainView(d.getKey(), d.getValue() ? DomainState.RUNNING : DomainState.SHUT_OFF, 0, 0,
                        "<domain><name>" + d.getKey() + "</name></domain>", 0))
                .toList();
        return new HostInventory(host, 0, 0, domains);
    }

    /** From now on the host's guests use this share of its CPUs, as its hypervisor measures it. */
    void measureLoad(String host, int cpuLoadPercent) {
        hosts.get(host).cpuLoadPercent = cpuLoadPercent;
    }

    /** The load an answering host's hypervisor reports, once a scenario stated one. */
    Optional<Integer> measuredLoad(String host) {
        return Optional.ofNullable(hosts.get(host).cpuLoadPercent);
    }

    /** The host stops answering; its VMs go on running (nobody can tell). */
    void silence(String host) {
        hosts.get(host).answering = false;
    }

    /** The host is off (a confirmed fence, or someone switched it off by hand): its VMs are gone with it. */
    void powerOff(String host) {
        SimHost h = hosts.get(host);
        h.poweredOn = false;
        if (h.cpuLoadPercent != null) {
            // No guest runs on a host that is off: once it answers again, it is measured idle.
            h.cpuLoadPercent = 0;
        }
        destroyAllDomains(host);
    }

    /** The host is powered on (if it was off, with nothing running) and answers again. */
    void bringUp(String host) {
        SimHost h = hosts.get(host);
        if (!h.poweredOn) {
            h.poweredOn = true;
            h.domains.replaceAll((vm, running) -> false);
        }
        h.devicesOff.clear();
        h.answering = true;
    }

    boolean answers(String host) {
        SimHost h = hosts.get(host);
        return h.poweredOn && h.answering;
    }

    /** The VMs a host runs now (none when it does not answer). */
    Set<String> running(String host) {
        SimHost h = hosts.get(host);
        return h.domains.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toSet());
    }

    void crash(String host, String vm) {
        hosts.get(host).domains.computeIfPresent(vm, (name, running) -> false);
    }

    /** From now on the device (or, when {@code device} is null, every device of the level) behaves as {@code mode}. */
    void fault(String host, int level, Integer device, Scenario.FaultMode mode) {
        int devices = hosts.get(host).fenceLevels.get(level).size();
        for (int d = 1; d <= devices; d++) {
            if (device == null || device == d) {
                if (mode == Scenario.FaultMode.OK) {
                    faults.remove(new Device(host, level, d));
                } else {
                    faults.put(new Device(host, level, d), mode);
                }
            }
        }
    }

    @Override
    public Set<String> hosts() {
        return hosts.keySet();
    }

    @Override
    public HostInventory probe(String host) throws HypervisorException {
        if (!answers(host)) {
            throw new HostUnreachableException(host, "simulated host does not answer");
        }
        return inventory(host);
    }

    @Override
    public Optional<DomainState> copyOf(String host, String vm) throws HypervisorException {
        if (!answers(host)) {
            throw new HostUnreachableException(host, "simulated host does not answer");
        }
        return Boolean.TRUE.equals(hosts.get(host).domains.get(vm)) ? Optional.of(DomainState.RUNNING) : Optional.empty();
    }

    @Override
    public void startVm(String vm, String definitionXml, String host) throws HypervisorException {
        if (!answers(host)) {
            throw new HostUnreachableException(host, "simulated host does not answer");
        }
        if (Boolean.TRUE.equals(hosts.get(host).domains.get(vm))) {
            throw new HypervisorException(vm + " already runs on " + host);
        }
        watch.starting(this, vm, null, host);
        hosts.get(host).domains.put(vm, true);
    }

    @Override
    public void migrateVm(String vm, String from, String to) throws HypervisorException {
        if (!answers(from) || !answers(to)) {
            throw new HypervisorException("cannot migrate " + vm + ": both hosts must answer");
        }
        // As libvirt: only a running domain migrates, and not onto a host that already runs one of that name.
        if (!Boolean.TRUE.equals(hosts.get(from).domains.get(vm))) {
            throw new HypervisorException("cannot migrate " + vm + ": it does not run on " + from);
        }
        if (Boolean.TRUE.equals(hosts.get(to).domains.get(vm))) {
            throw new HypervisorException("cannot migrate " + vm + ": it already runs on " + to);
        }
        watch.starting(this, vm, from, to);
        hosts.get(from).domains.remove(vm);
        hosts.get(to).domains.put(vm, true);
    }

    @Override
    public boolean stopVm(String vm, String host, Duration graceful) throws HypervisorException {
        if (!answers(host)) {
            throw new HostUnreachableException(host, "simulated host does not answer");
        }
        // A simulated guest never ignores a shutdown: it is destroyed only when no grace was given.
        return Boolean.TRUE.equals(hosts.get(host).domains.put(vm, false)) && graceful.isZero();
    }

    @Override
    public void destroyAllDomains(String host) {
        hosts.get(host).domains.replaceAll((vm, running) -> false);
    }

    @Override
    public List<FenceDeviceParams> devices(String host, int level) {
        List<String> agents = hosts.get(host).fenceLevels.getOrDefault(level, List.of());
        List<FenceDeviceParams> devices = new ArrayList<>();
        for (int d = 1; d <= agents.size(); d++) {
            devices.add(new FenceDeviceParams(agents.get(d - 1),
                    Map.of(HOST_PARAM, host, LEVEL_PARAM, String.valueOf(level), DEVICE_PARAM, String.valueOf(d))));
        }
        return devices;
    }

    @Override
    public FenceResult run(String agent, FenceOperation op, Map<String, String> params, Duration timeout) {
        String host = params.get(HOST_PARAM);
        int level = Integer.parseInt(params.get(LEVEL_PARAM));
        int device = Integer.parseInt(params.get(DEVICE_PARAM));
        Scenario.FaultMode fault = faults.get(new Device(host, level, device));
        if (fault == Scenario.FaultMode.FAIL) {
            return new FenceResult(FenceResult.Outcome.FAILED, FenceResult.PowerState.UNKNOWN, 1,
                    "Failed: simulated fault", Duration.ZERO);
        }
        if (fault == Scenario.FaultMode.TIMEOUT) {
            return new FenceResult(FenceResult.Outcome.TIMED_OUT, FenceResult.PowerState.UNKNOWN, -1,
                    "simulated fence device did not answer", timeout);
        }
        SimHost h = hosts.get(host);
        Set<Integer> levelOff = h.devicesOff.computeIfAbsent(level, l -> new HashSet<>());
        if (op == FenceOperation.STATUS) {
            boolean on = h.poweredOn && !levelOff.contains(device);
            return new FenceResult(FenceResult.Outcome.SUCCEEDED, on ? FenceResult.PowerState.ON
                    : FenceResult.PowerState.OFF, on ? 0 : 2, on ? "Status: ON" : "Status: OFF", Duration.ZERO);
        }
        levelOff.add(device);
        if (levelOff.size() == h.fenceLevels.get(level).size()) {
            h.poweredOn = false;
            destroyAllDomains(host);
        }
        return new FenceResult(FenceResult.Outcome.SUCCEEDED, FenceResult.PowerState.UNKNOWN, 0, "Success: Powered OFF",
                Duration.ZERO);
    }
}
