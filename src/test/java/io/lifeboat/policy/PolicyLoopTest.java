package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.InMemoryJournal;
import io.lifeboat.actions.StartVm;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostMetrics;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmState;

/** The live loop: one thread applies commands, fires rules, dispatches actions and takes their outcomes back. */
class PolicyLoopTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Action> carriedOut = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private PolicyLoop loop;
    private ActionDispatcher dispatcher;
    /** What each plugin call waits for: open unless a test closes it. */
    private volatile CountDownLatch pluginGate = new CountDownLatch(0);

    @BeforeEach
    void start() throws Exception {
        dispatcher = new ActionDispatcher(List.of(succeeding(FenceHost.class), succeeding(StartVm.class)),
                new InMemoryJournal(), Duration.ofSeconds(5), 2);
        PolicySession session = new PolicySession(new PolicyCompiler().compile(PolicySources.shipped()), clock, "k");
        session.insert(ClusterSettings.defaults("test"));
        for (String name : List.of("h1", "h2")) {
            session.insert(Host.builder(name).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
        }
        session.insert(Vm.builder("db1").vcpus(2).memoryMiB(4096).ha(true).runningOn("h1").build());
        loop = new PolicyLoop(session, dispatcher, Duration.ofMillis(20));
        loop.start();
        loop.heartbeat("h1", HeartbeatSource.LIBVIRT);
        loop.heartbeat("h2", HeartbeatSource.LIBVIRT);
        settle();
    }

    /** Keeps the loop busy in one step until the latch returned is counted down (or the loop is stopped). */
    private CountDownLatch holdTheLoop() throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.submit(s -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
        return release;
    }

    /** Waits until the loop applied everything submitted so far, so clock moves and commands stay in order. */
    private void settle() {
        loop.query(s -> null).join();
    }

    @AfterEach
    void stop() {
        loop.close();
        dispatcher.close();
    }

    @Test
    void questionsQueuedWhenTheLoopStops_failAtOnce_notAtTheReadTimeout() throws Exception {
        holdTheLoop(); // a long step, ended by the stop's interrupt
        CompletableFuture<Object> queued = loop.query(s -> "answered");

        loop.close();

        assertThatThrownBy(() -> queued.get(1, TimeUnit.SECONDS)).as("failed by the stop, well before %s",
                PolicyLoop.READ_TIMEOUT).isInstanceOf(ExecutionException.class).hasMessageContaining("has stopped");
        assertThatThrownBy(() -> loop.read(s -> "late")).hasRootCauseMessage("the policy loop has stopped");
    }

    @Test
    void hostGoesSilent_loopFencesItThenRestartsItsVm() throws Exception {
        clock.advance(Duration.ofSeconds(20));
        loop.heartbeat("h2", HeartbeatSource.LIBVIRT);
        settle();
        clock.advance(Duration.ofSeconds(10));
        settle();

        await().atMost(Duration.ofSeconds(10)).until(() -> carriedOut.stream().anyMatch(a -> a instanceof StartVm));

        assertThat(carriedOut.get(0)).isInstanceOfSatisfying(FenceHost.class,
                f -> assertThat(f.getHost()).isEqualTo("h1"));
        assertThat(carriedOut.get(1)).isInstanceOfSatisfying(StartVm.class,
                s -> assertThat(s.getTarget()).isEqualTo("h2"));
        Vm db1 = loop.query(s -> s.facts(Vm.class).get(0)).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.query(s -> s.facts(Vm.class).get(0).getHost())
                .get(5, TimeUnit.SECONDS).equals("h2"));
        assertThat(db1.getState()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void handingTheClusterOver_isRefusedWhileAFenceIsUnderWay_thenTheLoopStopsAndDecidesNothingMore() throws Exception {
        pluginGate = new CountDownLatch(1);
        clock.advance(Duration.ofSeconds(20));
        loop.heartbeat("h2", HeartbeatSource.LIBVIRT);
        settle();
        clock.advance(Duration.ofSeconds(10));
        settle();
        await().atMost(Duration.ofSeconds(10)).until(() -> carriedOut.stream().anyMatch(FenceHost.class::isInstance));

        assertThat(loop.stopIfQuiet()).as("h1's fence is in flight: another replica must not take the cluster up now")
                .isFalse();
        String answer = loop.read(s -> "still deciding");
        assertThat(answer).isEqualTo("still deciding");

        pluginGate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.read(s -> s.facts(Vm.class).get(0).getHost())
                .equals("h2"));
        await().atMost(Duration.ofSeconds(10)).until(loop::stopIfQuiet);
        java.util.concurrent.atomic.AtomicBoolean applied = new java.util.concurrent.atomic.AtomicBoolean();
        loop.submit(s -> applied.set(true));
        loop.close(); // joins the loop's thread: nothing can run after this

        assertThat(applied).as("a stopped loop applies nothing more").isFalse();
        assertThatThrownBy(() -> loop.read(s -> "late")).hasRootCauseMessage("the policy loop has stopped");
    }

    @Test
    void aSwapQueuedWhenTheLoopStops_isAnswered_notLeftToTimeOut() throws Exception {
        holdTheLoop(); // a long step, ended by the stop's interrupt
        SessionSwap queued = loop.swap(new PolicyCompiler().compile(PolicySources.shipped()));

        loop.close();

        queued.await(Duration.ofMillis(500)); // a stopped loop keeps no session: nothing to refuse a reload for
    }

    @Test
    void aCallerThatGaveUpWaitingForTheStop_keepsARunningLoop() throws Exception {
        CountDownLatch release = holdTheLoop(); // a slow step: a reload, a large reconfiguration
        CompletableFuture<Boolean> stopped = new CompletableFuture<>();
        Thread caller = new Thread(() -> stopped.complete(loop.stopIfQuiet()));
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.TIMED_WAITING);

        caller.interrupt(); // it gives up, as at its timeout
        assertThat(stopped.get(5, TimeUnit.SECONDS)).isFalse();
        release.countDown();

        String answer = loop.read(s -> "still deciding");
        assertThat(answer).as("the stop it queued came too late to take effect").isEqualTo("still deciding");
    }

    @Test
    void newsThatWaitedBehindASlowStep_goesInAtItsOwnTime_soNoHostLooksSilent() throws Exception {
        CountDownLatch release = holdTheLoop(); // a slow step: a reload, a large reconfiguration
        for (int i = 0; i < 6; i++) { // a minute passes meanwhile, both hosts heard every 10 s
            clock.advance(Duration.ofSeconds(10));
            loop.heartbeat("h1", HeartbeatSource.LIBVIRT);
            // Time goes on while the loop works through what waited: a millisecond between two heartbeats; and a
            // question (the metrics' refresh, a REST read) fires the rules in between.
            loop.submit(s -> clock.advance(Duration.ofMillis(1)));
            loop.query(s -> null);
            loop.heartbeat("h2", HeartbeatSource.LIBVIRT);
        }

        release.countDown();
        settle();

        List<String> rules = loop.read(s -> java.util.stream.Stream.of("host/h1", "host/h2")
                .flatMap(host -> s.firingsOf(host).stream()).map(FiringLog.Firing::ruleId).toList());
        assertThat(rules).as("never declared silent").doesNotContain("failover.host-unresponsive");
        assertThat(carriedOut).as("nothing fenced").isEmpty();
    }

    @Test
    void aHostsMeasuredLoad_isOneFactThatOutlivesAReload_andGoesWithTheHost() {
        loop.measured(new HostMetrics("h1", 40));
        loop.swap(new PolicyCompiler().compile(PolicySources.shipped())).await(Duration.ofSeconds(10));
        loop.measured(new HostMetrics("h1", 70));
        loop.measured(new HostMetrics("h2", 10));

        assertThat(measuredLoads()).containsExactlyInAnyOrder(new HostMetrics("h1", 70), new HostMetrics("h2", 10));

        loop.forgetMeasuredLoad("h1");
        assertThat(measuredLoads()).containsExactly(new HostMetrics("h2", 10));
    }

    private List<HostMetrics> measuredLoads() {
        return loop.read(s -> s.facts(HostMetrics.class));
    }

    @Test
    void commandsFromManyThreads_areAllAppliedOnTheLoopThread() throws Exception {
        List<Thread> senders = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    loop.submit(s -> threads.add(Thread.currentThread().getName()));
                }
            });
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        loop.query(s -> null).get(5, TimeUnit.SECONDS);

        assertThat(threads).hasSize(400).containsOnly("lifeboat-policy-loop");
    }

    private <A extends Action> ActionHandler<A> succeeding(Class<A> type) {
        return new ActionHandler<>() {
            @Override public Class<A> handles() { return type; }

            @Override
            public ActionOutcome execute(A action) {
                carriedOut.add(action);
                try {
                    pluginGate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ActionOutcome.succeeded(action.getKey(), "done");
            }
        };
    }
}
