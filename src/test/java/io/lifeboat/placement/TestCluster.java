package io.lifeboat.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.Vm;

/** A cluster for the placement functions: hosts of 32 CPUs, running VMs, domains; loads counted from them. */
final class TestCluster {
    static final long GIB = 1024;
    final List<Host> hosts = new ArrayList<>();
    final List<Vm> running = new ArrayList<>();
    final List<FailoverDomain> domains = new ArrayList<>();

    void hosts(long gib, String... names) {
        for (String name : names) {
            hosts.add(Host.builder(name).cpus(32).memoryMiB(gib * GIB).storage(Set.of()).build());
        }
    }

    void vm(String name, long gib, String host, boolean ha) {
        running.add(Vm.builder(name).memoryMiB(gib * GIB).ha(ha).runningOn(host).build());
    }

    FailoverReserve.Cluster cluster() {
        List<HostLoad> loads = hosts.stream().map(h -> HostLoad.of(h.getName(), h.getMemoryMiB(), h.getCpus(), 1.0, 4.0,
                running.stream().filter(v -> v.getHost().equals(h.getName())).mapToLong(Vm::getMemoryMiB).sum(),
                running.stream().filter(v -> v.getHost().equals(h.getName())).mapToLong(Vm::getVcpus).sum())).toList();
        return new FailoverReserve.Cluster(loads, hosts, running, domains);
    }

    /** Every host allowed, none preferred. */
    static Preferences anywhere() {
        return excluding(Set.of());
    }

    /** Every host allowed but the pairs named "vm/host", none preferred. */
    static Preferences excluding(Set<String> vmSlashHost) {
        return new Preferences() {
            @Override
            public boolean allows(String vm, String host) {
                return !vmSlashHost.contains(vm + "/" + host);
            }

            @Override
            public int rank(String vm, String host) {
                return 0;
            }

            @Override
            public double score(String vm, String host) {
                return 0;
            }
        };
    }
}
