package io.lifeboat.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lifeboat.actions.InterruptedAction;
import io.lifeboat.facts.StartInterrupted;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmState;
import io.lifeboat.hypervisor.DomainState;
import io.lifeboat.hypervisor.DomainView;
import io.lifeboat.hypervisor.HostInventory;

/** At start, the hypervisors that answer say where VMs run; the document only says where they were put. */
class StartupReconciliationTest {

    @Test
    void storeSaysH1ButH2RunsIt_factRunsOnH2() {
        Vm fact = StartupReconciliation.fact(record("db1", "h1", true), Map.of(
                "h1", inventory("h1"), "h2", inventory("h2", "db1")));

        assertThat(fact.getState()).isEqualTo(VmState.RUNNING);
        assertThat(fact.getHost()).as("restarted on h2 before Lifeboat stopped").isEqualTo("h2");
    }

    @Test
    void storedStoppedButRunningSomewhere_factRunsThere() {
        Vm fact = StartupReconciliation.fact(record("spare", null, false), Map.of("h3", inventory("h3", "spare")));

        assertThat(fact.getState()).isEqualTo(VmState.RUNNING);
        assertThat(fact.getHost()).isEqualTo("h3");
    }

    @Test
    void noAnsweringHostRunsIt_factIsAsStored() {
        Vm fact = StartupReconciliation.fact(record("db1", "h1", true), Map.of("h2", inventory("h2")));

        assertThat(fact.getHost()).as("h1 did not answer: its silence is for the rules to judge").isEqualTo("h1");
        assertThat(fact.getState()).isEqualTo(VmState.RUNNING);
        assertThat(StartupReconciliation.whereIs("db1", Map.of("h2", inventory("h2"))))
                .isEqualTo("db1 runs on none of the hosts that answered [h2]");
    }

    @Test
    void startsCutShortByAStop_leaveTheirVmWaitingUntilSeen_otherActionsLeaveNothing() {
        List<StartInterrupted> waits = StartupReconciliation.waits(List.of(
                new InterruptedAction("START_VM", "vm/db1"),
                new InterruptedAction("FENCE_HOST", "host/h1"),
                new InterruptedAction("MIGRATE_VM", "vm/web1")));

        assertThat(waits).as("a migration leaves its VM on one of its two hosts, where the probes find it; a fence is decided again")
                .containsExactly(new StartInterrupted("db1"));
    }

    private static Vm record(String name, String host, boolean running) {
        Vm.Builder vm = Vm.builder(name).ha(true);
        return (running ? vm.runningOn(host) : vm.stopped()).build();
    }

    private static HostInventory inventory(String host, String... running) {
        return new HostInventory(host, 16, 32768, List.of(running).stream()
                .map(vm -> new DomainView(vm, DomainState.RUNNING, 1, 1024, "<domain/>", 0)).toList());
    }
}
