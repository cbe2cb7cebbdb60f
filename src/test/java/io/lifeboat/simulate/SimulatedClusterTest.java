package io.lifeboat.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.hypervisor.HypervisorException;

/** The simulated world behaves like libvirt where safety depends on it. */
class SimulatedClusterTest {
    private final SimulatedCluster world = new SimulatedCluster();

    @BeforeEach
    void threeHosts() {
        world.addHost("h1", Map.of());
        world.addHost("h2", Map.of());
        world.addHost("h3", Map.of());
    }

    @Test
    void migratingAVmThatDoesNotRunOnItsSource_failsAndMakesNoCopy() {
        // Found by the safety property test: Lifeboat believed db1 on h1, it ran on h3 (moved by hand), and a
        // migration "from h1" conjured a second running copy on h2.
        world.runDomain("h3", "db1");

        assertThatThrownBy(() -> world.migrateVm("db1", "h1", "h2")).isInstanceOf(HypervisorException.class)
                .hasMessage("cannot migrate db1: it does not run on h1");
        assertThat(world.physicallyRunning("db1")).containsExactly("h3");
    }

    @Test
    void migratingOntoAHostThatRunsTheVmAlready_failsAndMakesNoCopy() {
        world.runDomain("h1", "db1");
        world.runDomain("h2", "db1");

        assertThatThrownBy(() -> world.migrateVm("db1", "h1", "h2")).isInstanceOf(HypervisorException.class)
                .hasMessage("cannot migrate db1: it already runs on h2");
        assertThat(world.physicallyRunning("db1")).containsExactly("h1", "h2");
    }

    @Test
    void aSilentHostStillRunsItsVmsUntilItIsPoweredOff() throws HypervisorException {
        world.runDomain("h1", "db1");
        world.migrateVm("db1", "h1", "h2");
        world.silence("h2");

        assertThat(world.physicallyRunning("db1")).as("silent, not off").containsExactly("h2");
        world.powerOff("h2");
        assertThat(world.physicallyRunning("db1")).isEmpty();
        world.runDomain("h2", "db1");
        assertThat(world.physicallyRunning("db1")).as("nothing starts on a host that is off").isEmpty();
    }
}
