package io.lifeboat.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.lifeboat.facts.FailoverDomain;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostLoad;
import io.lifeboat.facts.Vm;

class DefragmentationTest {
    private static final long GIB = 1024;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Vm> running = new ArrayList<>();
    private final List<FailoverDomain> domains = new ArrayList<>();

    @Test
    void oneMoveIsPreferredToTwo_andNonHaToHa() {
        host("h2", "h3", "h4");
        vm("ha-big", 24, "h2", true);       // h2: 40 GiB free; moving ha-big (HA) would do in one move
        vm("h3-small1", 12, "h3", false);   // h3: 24 GiB free; two moves needed there
        vm("h3-small2", 12, "h3", false);
        vm("h3-x", 16, "h3", false);
        vm("batch", 24, "h4", false);       // h4: 40 GiB free; one non-HA move: the best
        Optional<Defragmentation.Plan> plan = Defragmentation.plan(blocked(48), cluster(), anywhere(), running, 3);

        assertThat(plan).hasValueSatisfying(p -> {
            assertThat(p.host()).isEqualTo("h4");
            assertThat(p.moves()).extracting(m -> m.vm().getName()).containsExactly("batch");
            assertThat(p.moves().get(0).target()).isNotEqualTo("h4");
        });
    }

    @Test
    void movesLandWithinTheTargetsLimits() {
        host("h2", "h3");
        vm("a", 40, "h2", false);  // h2: 24 free
        vm("b", 40, "h3", false);  // h3: 24 free: neither can take a 40 GiB VM from the other
        assertThat(Defragmentation.plan(blocked(30), cluster(), anywhere(), running, 3)).isEmpty();
    }

    @Test
    void withoutRoomInAggregate_nothingIsPlanned() {
        host("h2", "h3");
        vm("a", 50, "h2", false);
        vm("b", 50, "h3", false);
        assertThat(Defragmentation.plan(blocked(30), cluster(), anywhere(), running, 3)).isEmpty();
    }

    @Test
    void theMoveBoundIsKept() {
        host("h2", "h3");
        vm("a", 20, "h2", false);
        vm("b", 20, "h2", false);  // h2: 24 free; 48 needs both a and b gone, to h3 (64 free)
        assertThat(Defragmentation.plan(blocked(60), cluster(), anywhere(), running, 1)).isEmpty();
        assertThat(Defragmentation.plan(blocked(60), cluster(), anywhere(), running, 2))
                .hasValueSatisfying(p -> assertThat(p.moves()).hasSize(2));
    }

    @Test
    void aMovedVmKeepsItsConstraints() {
        host("h2", "h3");
        running.add(Vm.builder("a").memoryMiB(30 * GIB).failoverDomain("only-h2").runningOn("h2").build());
        running.add(Vm.builder("b").memoryMiB(30 * GIB).failoverDomain("only-h3").runningOn("h3").build());
        // 34 GiB free on each: 48 fits once a or b moves to the other host, which their restricted domains forbid.
        assertThat(Defragmentation.plan(blocked(48), cluster(), anywhere(), running, 3)).as("no domains").isPresent();

        domains.add(new FailoverDomain("only-h2", false, true, false, Map.of("h2", 1)));
        domains.add(new FailoverDomain("only-h3", false, true, false, Map.of("h3", 1)));
        assertThat(Defragmentation.plan(blocked(48), cluster(), anywhere(), running, 3)).isEmpty();
    }

    private static Demand blocked(long gib) {
        return new Demand("db", gib * GIB, 2, 0, null);
    }

    private FailoverReserve.Cluster cluster() {
        List<HostLoad> loads = hosts.stream().map(h -> HostLoad.of(h.getName(), h.getMemoryMiB(), h.getCpus(), 1.0, 4.0,
                running.stream().filter(v -> v.getHost().equals(h.getName())).mapToLong(Vm::getMemoryMiB).sum(),
                running.stream().filter(v -> v.getHost().equals(h.getName())).mapToLong(Vm::getVcpus).sum())).toList();
        return new FailoverReserve.Cluster(loads, hosts, running, domains);
    }

    private static Preferences anywhere() {
        return new Preferences() {
            @Override
            public boolean allows(String vm, String host) {
                return true;
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

    private void host(String... names) {
        for (String name : names) {
            hosts.add(Host.builder(name).cpus(32).memoryMiB(64 * GIB).storage(Set.of()).build());
        }
    }

    private void vm(String name, long gib, String host, boolean ha) {
        running.add(Vm.builder(name).memoryMiB(gib * GIB).ha(ha).runningOn(host).build());
    }
}
