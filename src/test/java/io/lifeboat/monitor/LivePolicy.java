package io.lifeboat.monitor;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.facts.HostMetrics;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmState;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
import io.lifeboat.policy.PolicyLoop;
import io.lifeboat.policy.PolicySession;

/**
 * The live tests' wiring: a policy loop fed by the monitor the way the service feeds it, over libvirt test-driver
 * hosts, after one probe round. Closing it closes the dispatcher and the driver too.
 */
final class LivePolicy implements AutoCloseable {
    final PolicyLoop loop;
    final HostWatch watch;
    private final ActionDispatcher dispatcher;
    private final LibvirtDriver driver;

    LivePolicy(PolicySession session, ActionDispatcher dispatcher, LibvirtDriver driver, PowerLedger ledger,
               VmLocations locations, VmDefinitions definitions, Clock clock) throws Exception {
        this.dispatcher = dispatcher;
        this.driver = driver;
        loop = new PolicyLoop(session, dispatcher, Duration.ofMillis(20));
        loop.start();
        watch = new HostWatch(driver, ledger, locations, definitions, (vm, xml) -> { }, new Reports(loop), clock,
                Duration.ofSeconds(10), System::nanoTime);
        watch.round().get(10, TimeUnit.SECONDS);
    }

    VmState state(String vm) {
        return loop.read(s -> s.facts(Vm.class).stream().filter(v -> v.getName().equals(vm)).findFirst()
                .orElseThrow().getState());
    }

    @Override
    public void close() {
        watch.close();
        loop.close();
        dispatcher.close();
        driver.close();
    }

    private record Reports(PolicyLoop loop) implements HostWatch.Reports {
        @Override
        public void heartbeat(String host) {
            loop.heartbeat(host, HeartbeatSource.LIBVIRT);
        }

        @Override
        public void observed(String host, Set<String> present) {
            loop.observe(host, present);
        }

        @Override
        public void stopped(String host, Object fact) {
            loop.submit(s -> s.insert(fact));
        }

        @Override
        public void measured(HostMetrics metrics) {
            loop.measured(metrics);
        }
    }
}
