package io.lifeboat.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Vm;

class FailoverReserveTest {
    private static final long GIB = TestCluster.GIB;
    private final TestCluster test = new TestCluster();
    private final List<Vm> running = test.running;
    private final List<FailoverDomain> domains = test.domains;

    @Test
    void oneLargeHaVmCanBeWorseThanManySmallOnes() {
        test.hosts(64, "big-ha");
        test.hosts(64, "many-ha");
        test.hosts(64, "s1");
        test.hosts(64, "s2");
        test.vm("db", 36, "big-ha", true);
        for (int i = 0; i < 10; i++) {
            test.vm("web" + i, 4, "many-ha", true);
        }
        test.vm("fill1", 40, "s1", false);
        test.vm("fill2", 40, "s2", false);

        FailoverReserve.Worst worst = FailoverReserve.worst(test.cluster(), 1);

        // Losing many-ha (40 GiB of HA VMs) is absorbed in 4 GiB pieces; losing big-ha strands db (36 GiB > 24 free).
        assertThat(worst.failedHosts()).containsExactly("big-ha");
        assertThat(worst.homeless()).containsExactly("db");
        assertThat(worst.exhaustive()).isTrue();
        assertThat(worst.headroomMiB()).containsKeys("many-ha", "s1", "s2");
    }

    @Test
    void aClusterWithRoomForEveryFailureIsNotShort() {
        test.hosts(64, "h1");
        test.hosts(64, "h2");
        test.hosts(64, "h3");
        test.vm("a", 20, "h1", true);
        test.vm("b", 20, "h2", true);
        test.vm("c", 20, "h3", true);

        assertThat(FailoverReserve.worst(test.cluster(), 1).isShort()).isFalse();
        assertThat(FailoverReserve.worst(test.cluster(), 2).isShort()).as("two fail: 40 GiB free on the third").isFalse();
    }

    @Test
    void theDeclaredConstraintsCount_aRestrictedDomainWithNoOtherMemberUpIsShort() {
        test.hosts(64, "h1");
        test.hosts(64, "h2");
        domains.add(new FailoverDomain("only-h1", true, true, false, Map.of("h1", 1)));
        running.add(Vm.builder("pinned").memoryMiB(GIB).ha(true).failoverDomain("only-h1").runningOn("h1").build());

        FailoverReserve.Worst worst = FailoverReserve.worst(test.cluster(), 1);

        assertThat(worst.failedHosts()).containsExactly("h1");
        assertThat(worst.homeless()).containsExactly("pinned");
    }

    @Test
    void aHigherPriorityVmWithoutRoomIsWorseThanTwoLowerOnes() {
        test.hosts(64, "h1");
        test.hosts(64, "h2");
        test.hosts(64, "h3");
        running.add(Vm.builder("vip").memoryMiB(50 * GIB).ha(true).priority(10).runningOn("h1").build());
        test.vm("x", 30, "h2", true);
        test.vm("y", 30, "h2", true);
        test.vm("z1", 20, "h3", true);

        FailoverReserve.Worst worst = FailoverReserve.worst(test.cluster(), 1);

        // h2's failure strands x or y (44 + 14 GiB free), h1's strands vip (no 50 GiB anywhere): vip counts first.
        assertThat(worst.failedHosts()).containsExactly("h1");
        assertThat(worst.homeless()).containsExactly("vip");
    }

    @Test
    void withMoreHostSetsThanItTries_itSearchesTheLikelyWorstAndSaysSo() {
        for (int h = 0; h < 120; h++) {
            test.hosts(64, String.format("h%03d", h));
            test.vm("ha" + h, 8, String.format("h%03d", h), true);
            test.vm("filler" + h, 40, String.format("h%03d", h), false);
        }
        running.add(Vm.builder("huge").memoryMiB(20 * GIB).ha(true).runningOn("h077").build());

        FailoverReserve.Worst worst = FailoverReserve.worst(test.cluster(), 2);

        assertThat(worst.exhaustive()).as("7,140 pairs").isFalse();
        assertThat(worst.failedHosts()).contains("h077");
        assertThat(worst.homeless()).contains("huge");
    }

    @Test
    void aStartThatEatsTheReserveMakesTheWorstFailureWorse() {
        test.hosts(64, "h1");
        test.hosts(64, "h2");
        test.hosts(64, "h3");
        for (String h : List.of("h1", "h2", "h3")) {
            test.vm(h + "-a", 20, h, true);
            test.vm(h + "-b", 20, h, true);
        }
        FailoverReserve.Cluster before = test.cluster();
        FailoverReserve.Cluster after = before.starting(Vm.builder("big").memoryMiB(20 * GIB).build(), "h1");

        assertThat(FailoverReserve.worst(before, 1).isShort()).isFalse();
        assertThat(FailoverReserve.worst(after, 1).isWorseThan(FailoverReserve.worst(before, 1))).isTrue();
    }
}
