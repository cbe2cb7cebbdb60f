package io.lifeboat.placement;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.Vm;

/**
 * Where a VM could go if its host failed, from what it declares: its restricted failover domain, storage, networks,
 * hypervisor and anti-affinity group (against the VMs running on each host); ranked by its ordered domain. The capacity
 * check plays hypothetical failures with these; real placements use the eligibility rules, which also apply operators'
 * exclusions and what happened (failed starts, silent hosts).
 */
final class DeclaredConstraints implements Preferences {
    private final Map<String, Vm> vms = new HashMap<>();
    private final Map<String, String> hostOfVm = new HashMap<>();
    private final Map<String, Host> hosts = new HashMap<>();
    private final Map<String, FailoverDomain> domains = new HashMap<>();
    /** For each anti-affinity group, the hosts where one of its VMs runs. */
    private final Map<String, Set<String>> hostsOfGroup = new HashMap<>();
    private final boolean oneHypervisor;
    /** Whether every host reaches a set of storage domains, and a set of networks, by set. */
    private final Map<Set<String>, Boolean> storageEverywhere = new HashMap<>();
    private final Map<Set<String>, Boolean> networksEverywhere = new HashMap<>();
    private final Map<String, Boolean> servedEverywhere = new HashMap<>();

    DeclaredConstraints(FailoverReserve.Cluster cluster) {
        cluster.placements().forEach((vm, host) -> {
            vms.put(vm.getName(), vm);
            hostOfVm.put(vm.getName(), host);
            if (vm.getAntiAffinity() != null) {
                hostsOfGroup.computeIfAbsent(vm.getAntiAffinity(), g -> new HashSet<>()).add(host);
            }
        });
        cluster.hosts().forEach(h -> hosts.put(h.getName(), h));
        oneHypervisor = hosts.values().stream().map(Host::getHypervisor).distinct().count() <= 1;
        cluster.domains().forEach(d -> domains.put(d.name(), d));
    }

    @Override
    public boolean allows(String vmName, String hostName) {
        Vm vm = vms.get(vmName);
        Host host = hosts.get(hostName);
        if (vm == null || host == null) {
            return false;
        }
        FailoverDomain domain = domainOf(vm);
        if (oneHypervisor && domain == null && vm.getAntiAffinity() == null && vm.getStorage().isEmpty()
                && vm.getNetworks().isEmpty()) {
            return true; // nothing declared: any host (the common case, checked millions of times on a large cluster)
        }
        Host current = oneHypervisor ? null : hosts.get(hostOfVm.get(vmName));
        return (domain == null || !domain.restricted() || domain.hasMember(hostName))
                && (everyHostServes(vm) || host.getStorage().containsAll(vm.getStorage())
                    && host.getNetworks().containsAll(vm.getNetworks()))
                && (current == null || current.getHypervisor() == host.getHypervisor())
                && (vm.getAntiAffinity() == null
                    || !hostsOfGroup.getOrDefault(vm.getAntiAffinity(), Set.of()).contains(hostName));
    }

    @Override
    public boolean indifferent(String vmName) {
        Vm vm = vms.get(vmName);
        if (vm == null || !oneHypervisor || domainOf(vm) != null || vm.getAntiAffinity() != null) {
            return false;
        }
        return everyHostServes(vm);
    }

    /** Whether every host reaches the VM's storage and networks (asked once per VM: hashing a set is not free). */
    private boolean everyHostServes(Vm vm) {
        return servedEverywhere.computeIfAbsent(vm.getName(),
                name -> reachedEverywhere(vm.getStorage(), storageEverywhere, Host::getStorage)
                        && reachedEverywhere(vm.getNetworks(), networksEverywhere, Host::getNetworks));
    }

    private boolean reachedEverywhere(Set<String> needed, Map<Set<String>, Boolean> known,
                                      Function<Host, Set<String>> offered) {
        return needed.isEmpty() || known.computeIfAbsent(needed,
                n -> hosts.values().stream().allMatch(h -> offered.apply(h).containsAll(n)));
    }

    @Override
    public int rank(String vmName, String hostName) {
        FailoverDomain domain = domainOf(vms.get(vmName));
        return domain == null ? 0 : domain.rank(hostName);
    }

    @Override
    public double score(String vm, String host) {
        return 0;
    }

    private FailoverDomain domainOf(Vm vm) {
        return vm == null || vm.getFailoverDomain() == null ? null : domains.get(vm.getFailoverDomain());
    }
}
