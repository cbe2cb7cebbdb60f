package io.lifeboat.rules;

import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostObservation;
import io.lifeboat.facts.Hypervisor;
import io.lifeboat.facts.Vm;

/** support.drl: each support constraint of the seed documents, one change from a healthy cluster per case. */
class SupportRulesTest extends FindingRulesTest {

    static Stream<FindingCase> cases() {
        return Stream.of(
                new FindingCase("17 hosts in an RHEL HA cluster", c -> addHosts(c, 14),
                        "CLUSTER_TOO_LARGE", "ERROR", "cluster/prod", "support.cluster-too-large"),
                new FindingCase("8 hosts in an RHEL HA cluster", c -> addHosts(c, 5),
                        "ARCHITECTURE_REVIEW_REQUIRED", "WARNING", "cluster/prod", "support.review-at-eight-hosts"),
                new FindingCase("one host left", c -> c.remove(Host.class, h -> !h.getName().equals("h1")),
                        "CLUSTER_TOO_SMALL", "ERROR", "cluster/prod", "support.cluster-too-small"),
                new FindingCase("a Xen host among KVM hosts", c -> c.replaceHost("h3",
                                ClusterFixture.host("h3").os("RHEL", "5.5").hypervisor(Hypervisor.XEN)),
                        "MIXED_HYPERVISORS", "ERROR", "cluster/prod", "support.mixed-hypervisors"),
                new FindingCase("Xen on RHEL 6", c -> c.replaceHost("h1",
                                ClusterFixture.host("h1").os("RHEL", "6.0").hypervisor(Hypervisor.XEN)),
                        "HYPERVISOR_NOT_SUPPORTED", "ERROR", "host/h1", "support.xen-on-rhel6"),
                new FindingCase("KVM on RHEL 5.3", c -> c.replaceHost("h1", ClusterFixture.host("h1").os("RHEL", "5.3")),
                        "HYPERVISOR_NOT_SUPPORTED", "ERROR", "host/h1", "support.kvm-before-rhel54"),
                new FindingCase("KVM on RHEL 5.4", c -> c.replaceHost("h1", ClusterFixture.host("h1").os("RHEL", "5.4")),
                        "HYPERVISOR_TECH_PREVIEW", "WARNING", "host/h1", "support.kvm-tech-preview"),
                new FindingCase("Xen on RHEL 5.3", c -> c.replaceHost("h1",
                                ClusterFixture.host("h1").os("RHEL", "5.3").hypervisor(Hypervisor.XEN)),
                        "UPGRADE_RECOMMENDED", "WARNING", "host/h1", "support.xen-upgrade"),
                new FindingCase("a local-only VM named like a managed one", c -> c.add(
                                Vm.builder("db1").managed(false).runningOn("h3").build()),
                        "DUPLICATE_VM_NAME", "ERROR", "vm/db1", "support.duplicate-vm-name"),
                new FindingCase("a host without fence device", c -> c.remove(FenceDevice.class, d -> d.host().equals("h2")),
                        "NO_FENCING", "ERROR", "host/h2", "support.no-fencing"),
                new FindingCase("an HA VM on storage only its host reaches", c -> c
                                .replaceHost("h1", ClusterFixture.host("h1").storage(Set.of("san1", "nas1")))
                                .replace(Vm.class, v -> v.getName().equals("db1"), Vm.builder("db1").ha(true)
                                        .storage(Set.of("nas1")).runningOn("h1").build()),
                        "NO_SHARED_STORAGE", "ERROR", "vm/db1", "support.no-shared-storage"),
                new FindingCase("a host on other networks", c -> c.replaceHost("h3",
                                ClusterFixture.host("h3").networks(Set.of("backup"))),
                        "NETWORK_MISMATCH", "WARNING", "cluster/prod", "support.network-mismatch"),
                new FindingCase("a managed VM moved with virsh", c -> c
                                .replace(HostObservation.class, o -> o.host().equals("h1"), new HostObservation("h1", Set.of()))
                                .replace(HostObservation.class, o -> o.host().equals("h3"),
                                        new HostObservation("h3", Set.of("local1", "db1"))),
                        "UNMANAGED_CHANGE", "WARNING", "vm/db1", "support.unmanaged-start-or-move"),
                new FindingCase("a managed VM stopped with virsh", c -> c.replace(HostObservation.class,
                                o -> o.host().equals("h2"), new HostObservation("h2", Set.of())),
                        "UNMANAGED_CHANGE", "WARNING", "vm/web1", "support.unmanaged-stop"));
    }

    private static void addHosts(ClusterFixture cluster, int count) {
        IntStream.rangeClosed(1, count).forEach(i -> {
            cluster.add(ClusterFixture.host("x" + i).build());
            cluster.add(new FenceDevice("x" + i, 1, "fence_ipmilan"));
        });
    }
}
