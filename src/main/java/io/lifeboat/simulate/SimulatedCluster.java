package io.lifeboat.simulate;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lifeboat.fencing.FenceAgents;
import io.lifeboat.fencing.FenceDeviceDirectory;
import io.lifeboat.fencing.FenceDeviceParams;
import io.lifeboat.fencing.FenceOperation;
import io.lifeboat.fencing.FenceResult;
import io.lifeboat.hypervisor.DomainView;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.HostUnreachableException;
import io.lifeboat.hypervisor.HypervisorDriver;
import io.lifeboat.hypervisor.HypervisorException;

/**
 * The world a simulation acts on: hosts with power and a link, the VMs each runs, and fence devices that succeed
 * unless a fault says otherwise. It stands in for the hypervisor and fencing plugins, so the real dispatcher and its
 * safety checks run unchanged. Single-threaded, like the simulation.
 */
final class SimulatedCluster implements HypervisorDriver, FenceAgents, FenceDeviceDirectory {
    /** Parameter the simulated directory adds so the simulated agent knows which host and level it fences. */
    static final String HOST_PARAM = "plug";
    static final String LEVEL_PARAM = "lifeboat_level";

    private static final class SimHost {
        boolean poweredOn = true;
        boolean answering = true;
        final Map<String, Boolean> domains = new LinkedHashMap<>();
    }

    private final Map<String, SimHost> hosts = new LinkedHashMap<>();
    private final Map<String, Scenario.FaultMode> faults = new HashMap<>();

    void addHost(String name) {
        hosts.put(name, new SimHost());
    }

    void runDomain(String host, String vm) {
        hosts.get(host).domains.put(vm, true);
    }

    /** The host stops answering; its VMs go on running (nobody can tell). */
    void silence(String host) {
        hosts.get(host).answering = false;
    }

    /** The host is powered on (if it was off, with nothing running) and answers again. */
    void bringUp(String host) {
        SimHost h = hosts.get(host);
        if (!h.poweredOn) {
            h.poweredOn = true;
            h.domains.replaceAll((vm, running) -> false);
        }
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

    void fault(String host, int level, Scenario.FaultMode mode) {
        faults.put(host + "/" + level, mode);
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
        List<DomainView> domains = hosts.get(host).domains.entrySet().stream()
                .map(d -> new DomainView(d.getKey(), d.getValue(), 0, 0, "<domain><name>" + d.getKey() + "</name></domain>"))
                .toList();
        return new HostInventory(host, 0, 0, domains);
    }

    @Override
    public void startVm(String vm, String definitionXml, String host) throws HypervisorException {
        if (!answers(host)) {
            throw new HostUnreachableException(host, "simulated host does not answer");
        }
        if (Boolean.TRUE.equals(hosts.get(host).domains.get(vm))) {
            throw new HypervisorException(vm + " already runs on " + host);
        }
        hosts.get(host).domains.put(vm, true);
    }

    @Override
    public void migrateVm(String vm, String from, String to) throws HypervisorException {
        if (!answers(from) || !answers(to)) {
            throw new HypervisorException("cannot migrate " + vm + ": both hosts must answer");
        }
        hosts.get(from).domains.remove(vm);
        hosts.get(to).domains.put(vm, true);
    }

    @Override
    public void destroyAllDomains(String host) {
        hosts.get(host).domains.replaceAll((vm, running) -> false);
    }

    @Override
    public List<FenceDeviceParams> devices(String host, int level) {
        return List.of(new FenceDeviceParams("fence_simulated", Map.of(HOST_PARAM, host, LEVEL_PARAM, String.valueOf(level))));
    }

    @Override
    public FenceResult run(String agent, FenceOperation op, Map<String, String> params, Duration timeout) {
        String host = params.get(HOST_PARAM);
        Scenario.FaultMode fault = faults.get(host + "/" + params.get(LEVEL_PARAM));
        if (fault == Scenario.FaultMode.FAIL) {
            return new FenceResult(FenceResult.Outcome.FAILED, FenceResult.PowerState.UNKNOWN, 1,
                    "Failed: simulated fault", Duration.ZERO);
        }
        if (fault == Scenario.FaultMode.TIMEOUT) {
            return new FenceResult(FenceResult.Outcome.TIMED_OUT, FenceResult.PowerState.UNKNOWN, -1,
                    "simulated fence device did not answer", timeout);
        }
        SimHost h = hosts.get(host);
        if (op == FenceOperation.STATUS) {
            return new FenceResult(FenceResult.Outcome.SUCCEEDED, h.poweredOn ? FenceResult.PowerState.ON
                    : FenceResult.PowerState.OFF, h.poweredOn ? 0 : 2, h.poweredOn ? "Status: ON" : "Status: OFF",
                    Duration.ZERO);
        }
        h.poweredOn = false;
        destroyAllDomains(host);
        return new FenceResult(FenceResult.Outcome.SUCCEEDED, FenceResult.PowerState.UNKNOWN, 0, "Success: Powered OFF",
                Duration.ZERO);
    }
}
