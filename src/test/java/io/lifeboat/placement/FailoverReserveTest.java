package io.lifeboat.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.Vm;

class FailoverReserveTest {
    private static final long GIB = 1024;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Vm> running = new ArrayList<>();
    private final List<FailoverDomain> domains = new ArrayList<>();

    @Test
    void oneLargeHaVmCanBeWorseThanManySmallOnes() {
        host("big-ha", 64);
        host("many-ha", 64);
        host("s1", 64);
        host("s2", 64);
        vm("db", 36, "big-ha", true);
        for (int i = 0; i < 10; i++) {
            vm("web" + i, 4, "many-ha", true);
        }
        vm("fill1", 40, "s1", false);
        vm("fill2", 40, "s2", false);

        FailoverReserve.Worst worst = FailoverReserve.worst(cluster(), 1);

        // Losing many-ha (40 GiB of HA VMs) is absorbed in 4 GiB pieces; losing big-ha strands db (36 GiB > 24 free).
        assertThat(worst.failedHosts()).containsExactly("big-ha");
        assertThat(worst.homeless()).containsExactly("db");
        assertThat(worst.exhaustive()).isTrue();
        assertThat(worst.headroomMiB()).containsKeys("many-ha", "s1", "s2");
    }

    @Test
    void aClusterWithRoomForEveryFailureIsNotShort() {
        host("h1", 64);
        host("h2", 64);
        host("h3", 64);
        vm("a", 20, "h1", true);
        vm("b", 20, "h2", true);
        vm("c", 20, "h3", true);

        assertThat(FailoverReserve.worst(cluster(), 1).isShort()).isFalse();
        assertThat(FailoverReserve.worst(cluster(), 2).isShort()).as("two fail: 40 GiB free on the third").isFalse();
    }

    @Test
    void theDeclaredConstraintsCount_aRestrictedDomainWithNoOtherMemberUpIsShort() {
        host("h1", 64);
        host("h2", 64);
        domains.add(new FailoverDomain("only-h1", true, true, false, Map.of("h1", 1)));
        running.add(Vm.builder("pinned").memoryMiB(GIB).ha(true).failoverDomain("only-h1").runningOn("h1").build());

        FailoverReserve.Worst worst = FailoverReserve.worst(cluster(), 1);

        assertThat(worst.failedHosts()).containsExactly("h1");
        assertThat(worst.homeless()).containsExactly("pinned");
    }

    @Test
    void aHigherPriorityVmWithoutRoomIsWorseThanTwoLowerOnes() {
        host("h1", 64);
        host("h2", 64);
        host("h3", 64);
        running.add(Vm.builder("vip").memoryMiB(50 * GIB).ha(true).priority(10).runningOn("h1").build());
        vm("x", 30, "h2", true);
        vm("y", 30, "h2", true);
        vm("z1", 20, "h3", true);

        FailoverReserve.Worst worst = FailoverReserve.worst(cluster(), 1);

        // h2's failure strands x or y (44 + 14 GiB free), h1's strands vip (no 50 GiB anywhere): vip counts first.
        assertThat(worst.failedHosts()).containsExactly("h1");
        assertThat(worst.homeless()).containsExactly("vip");
    }

    @Test
    void withMoreHostSetsThanItTries_itSearchesTheLikelyWorstAndSaysSo() {
        for (int h = 0; h < 120; h++) {
            host(String.format("h%03d", h), 64);
            vm("ha" + h, 8, String.format("h%03d", h), true);
            vm("filler" + h, 40, String.format("h%03d", h), false);
        }
        running.add(Vm.builder("huge").memoryMiB(20 * GIB).ha(true).runningOn("h077").build());

        FailoverReserve.Worst worst = FailoverReserve.worst(cluster(), 2);

        assertThat(worst.exhaustive()).as("7,140 pairs").isFalse();
        assertThat(worst.failedHosts()).contains("h077");
        assertThat(worst.homeless()).contains("huge");
    }

    @Test
    void aStartThatEatsTheReserveMakesTheWorstFailureWorse() {
        host("h1", 64);
        host("h2", 64);
        host("h3", 64);
        for (String h : List.of("h1", "h2", "h3")) {
            vm(h + "-a", 20, h, true);
            vm(h + "-b", 20, h, true);
        }
        FailoverReserve.Cluster before = cluster();
        FailoverReserve.Cluster after = before.starting(Vm.builder("big").memoryMiB(20 * GIB).build(), "h1");

        assertThat(FailoverReserve.worst(before, 1).isShort()).isFalse();
        assertThat(FailoverReserve.worst(after, 1).isWorseThan(FailoverReserve.worst(before, 1))).isTrue();
    }

    private FailoverReserve.Cluster cluster() {
        List<HostLoad> loads = hosts.stream().map(h -> HostLoad.of(h.getName(), h.getMemoryMiB(), h.getCpus(), 1.0, 4.0,
                running.stream().filter(v -> v.getHost().equals(h.getName())).mapToLong(Vm::getMemoryMiB).sum(),
                running.stream().filter(v -> v.getHost().equals(h.getName())).mapToLong(Vm::getVcpus).sum())).toList();
        return new FailoverReserve.Cluster(loads, hosts, running, domains);
    }

    private void host(String name, long gib) {
        hosts.add(Host.builder(name).cpus(64).memoryMiB(gib * GIB).storage(Set.of()).build());
    }

    private void vm(String name, long gib, String host, boolean ha) {
        running.add(Vm.builder(name).memoryMiB(gib * GIB).ha(ha).runningOn(host).build());
    }
}
