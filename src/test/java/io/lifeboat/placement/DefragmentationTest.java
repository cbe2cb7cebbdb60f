package io.lifeboat.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Vm;

class DefragmentationTest {
    private static final long GIB = TestCluster.GIB;
    private final TestCluster test = new TestCluster();
    private final List<Vm> running = test.running;
    private final List<FailoverDomain> domains = test.domains;

    @Test
    void oneMoveIsPreferredToTwo_andNonHaToHa() {
        test.hosts(64, "h2", "h3", "h4");
        test.vm("ha-big", 24, "h2", true);       // h2: 40 GiB free; moving ha-big (HA) would do in one move
        test.vm("h3-small1", 12, "h3", false);   // h3: 24 GiB free; two moves needed there
        test.vm("h3-small2", 12, "h3", false);
        test.vm("h3-x", 16, "h3", false);
        test.vm("batch", 24, "h4", false);       // h4: 40 GiB free; one non-HA move: the best
        Optional<Defragmentation.Plan> plan = Defragmentation.plan(blocked(48), test.cluster(), TestCluster.anywhere(), running, 3);

        assertThat(plan).hasValueSatisfying(p -> {
            assertThat(p.host()).isEqualTo("h4");
            assertThat(p.moves()).extracting(m -> m.vm().getName()).containsExactly("batch");
            assertThat(p.moves().get(0).target()).isNotEqualTo("h4");
        });
    }

    @Test
    void movesLandWithinTheTargetsLimits() {
        test.hosts(64, "h2", "h3");
        test.vm("a", 40, "h2", false);  // h2: 24 free
        test.vm("b", 40, "h3", false);  // h3: 24 free: neither can take a 40 GiB VM from the other
        assertThat(Defragmentation.plan(blocked(30), test.cluster(), TestCluster.anywhere(), running, 3)).isEmpty();
    }

    @Test
    void withoutRoomInAggregate_nothingIsPlanned() {
        test.hosts(64, "h2", "h3");
        test.vm("a", 50, "h2", false);
        test.vm("b", 50, "h3", false);
        assertThat(Defragmentation.plan(blocked(30), test.cluster(), TestCluster.anywhere(), running, 3)).isEmpty();
    }

    @Test
    void theMoveBoundIsKept() {
        test.hosts(64, "h2", "h3");
        test.vm("a", 20, "h2", false);
        test.vm("b", 20, "h2", false);  // h2: 24 free; 48 needs both a and b gone, to h3 (64 free)
        assertThat(Defragmentation.plan(blocked(60), test.cluster(), TestCluster.anywhere(), running, 1)).isEmpty();
        assertThat(Defragmentation.plan(blocked(60), test.cluster(), TestCluster.anywhere(), running, 2))
                .hasValueSatisfying(p -> assertThat(p.moves()).hasSize(2));
    }

    @Test
    void aMovedVmKeepsItsConstraints() {
        test.hosts(64, "h2", "h3");
        running.add(Vm.builder("a").memoryMiB(30 * GIB).failoverDomain("only-h2").runningOn("h2").build());
        running.add(Vm.builder("b").memoryMiB(30 * GIB).failoverDomain("only-h3").runningOn("h3").build());
        // 34 GiB free on each: 48 fits once a or b moves to the other host, which their restricted domains forbid.
        assertThat(Defragmentation.plan(blocked(48), test.cluster(), TestCluster.anywhere(), running, 3)).as("no domains").isPresent();

        domains.add(new FailoverDomain("only-h2", false, true, false, Map.of("h2", 1)));
        domains.add(new FailoverDomain("only-h3", false, true, false, Map.of("h3", 1)));
        assertThat(Defragmentation.plan(blocked(48), test.cluster(), TestCluster.anywhere(), running, 3)).isEmpty();
    }

    private static Demand blocked(long gib) {
        return new Demand("db", gib * GIB, 2, 0, null);
    }
}
