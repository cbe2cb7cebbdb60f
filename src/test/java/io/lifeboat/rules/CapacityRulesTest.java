package io.lifeboat.rules;

import java.util.stream.Stream;

import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.Vm;

/** capacity.drl: overcommit limits and room for failover, one change from a healthy cluster per case. */
class CapacityRulesTest extends FindingRulesTest {

    static Stream<FindingCase> cases() {
        return Stream.of(
                // h1 has 64 GiB and runs db1 (8 GiB): 60 GiB more is 68 GiB.
                new FindingCase("60 GiB more on a 64 GiB host", c -> c.add(
                                Vm.builder("big").memoryMiB(61440).runningOn("h1").build()),
                        "MEMORY_OVERCOMMITTED", "ERROR", "host/h1", "capacity.memory-overcommitted"),
                new FindingCase("memoryOvercommit 0.1: 8 GiB of VMs is too much for 64 GiB", c -> c.settings(
                                ClusterSettings.defaults("prod").withOvercommit(0.1, 4.0)),
                        "MEMORY_OVERCOMMITTED", "ERROR", "host/h1", "capacity.memory-overcommitted"),
                // h2 has 16 CPUs, vcpuOvercommit 4.0: 64 vCPUs allowed, web1 has 2.
                new FindingCase("63 more vCPUs on a 16-CPU host", c -> c.add(
                                Vm.builder("wide").vcpus(63).memoryMiB(512).runningOn("h2").build()),
                        "VCPU_OVERCOMMITTED", "WARNING", "host/h2", "capacity.vcpu-overcommitted"),
                // Losing h1 (the most HA memory: 8 + 30 GiB) leaves 20 and 24 GiB free on h2 and h3: no room for 30 GiB.
                new FindingCase("an HA VM too big for what the others have left", c -> c
                                .add(Vm.builder("bigha").memoryMiB(30720).ha(true).runningOn("h1").build())
                                .add(Vm.builder("fill2").memoryMiB(40960).runningOn("h2").build())
                                .add(Vm.builder("fill3").memoryMiB(40960).runningOn("h3").build()),
                        "FAILOVER_CAPACITY_SHORT", "WARNING", "cluster/prod", "capacity.failover-capacity-short"));
    }

}
