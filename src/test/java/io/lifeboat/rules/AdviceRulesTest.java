package io.lifeboat.rules;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.facts.HostObservation;
import io.lifeboat.facts.Vm;

/** advice.drl: the RHEL HA vs RHEV guidance, one change from a healthy cluster per case. */
class AdviceRulesTest extends FindingRulesTest {

    static Stream<FindingCase> cases() {
        return Stream.of(
                new FindingCase("100 VMs", AdviceRulesTest::addNinetySevenVms,
                        "CONSIDER_RHEV", null, "cluster/prod", "advice.consider-rhev-for-scale"),
                new FindingCase("VMs added and removed often", c -> c.settings(
                                ClusterSettings.defaults("prod").withUsage(ClusterUsage.DYNAMIC)),
                        "CONSIDER_RHEV", null, "cluster/prod", "advice.consider-rhev-for-dynamic-use"),
                new FindingCase("cloud-like use", c -> c.settings(
                                ClusterSettings.defaults("prod").withUsage(ClusterUsage.CLOUD)),
                        "CONSIDER_RHEV", null, "cluster/prod", "advice.consider-rhev-for-dynamic-use"),
                new FindingCase("a small static RHEV cluster", c -> c.settings(
                                ClusterSettings.defaults("prod").withMode(ClusterMode.RHEV)),
                        "RHEL_HA_FITS", null, "cluster/prod", "advice.rhel-ha-fits"),
                new FindingCase("any RHEV cluster", c -> c.settings(
                                ClusterSettings.defaults("prod").withMode(ClusterMode.RHEV)),
                        "RHEV_MANAGER_HA", null, "cluster/prod", "advice.rhev-manager-ha"));
    }

    private static void addNinetySevenVms(ClusterFixture cluster) {
        java.util.Set<String> names = new java.util.HashSet<>(java.util.Set.of("local1"));
        IntStream.rangeClosed(1, 97).forEach(i -> {
            cluster.add(Vm.builder("small" + i).memoryMiB(64).runningOn("h3").build());
            names.add("small" + i);
        });
        cluster.replace(HostObservation.class, o -> o.host().equals("h3"), new HostObservation("h3", names));
    }
}
