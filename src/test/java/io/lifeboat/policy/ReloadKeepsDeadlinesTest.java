package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.FencingStartupGrace;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostUnresponsive;

/**
 * A reload replays the session under new rules; every timer that was counting must end when it would have without
 * the reload: not at once (a fence in the middle of a grace), not later (a failover delayed by the reload).
 */
class ReloadKeepsDeadlinesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final List<FenceHost> fences = new ArrayList<>();
    private PolicySession session;
    private long seq;

    @BeforeEach
    void threeHosts() {
        session = new PolicySession(new PolicyCompiler().compile(PolicySources.shipped()), clock, "k");
        session.insert(ClusterSettings.defaults("test").withFencingGrace(Duration.ofSeconds(20))
                .withFenceRetry(Duration.ofSeconds(30), Duration.ofMinutes(5)));
        for (String name : List.of("h1", "h2", "h3")) {
            session.insert(Host.builder(name).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
        }
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void reloadDuringTheFencingGrace_theSilentHostIsFencedWhenTheGraceEnds_notAtTheReload() {
        beat("h1", "h2", "h3");
        runTo(35);                       // h1 declared at 30 s; its grace ends at 50 s
        assertThat(fences).isEmpty();

        reload();
        runTo(49);
        assertThat(fences).as("the grace is still running after the reload").isEmpty();
        runTo(50);
        assertThat(fences).extracting(FenceHost::getHost).containsExactly("h1");
    }

    @Test
    void reloadDuringTheStartupGrace_noFenceBeforeTheGraceEnds_noneLaterThanIt() {
        session.insert(new FencingStartupGrace(T0, Duration.ofSeconds(90)));
        runTo(5);
        beat("h1", "h2", "h3");          // the first heartbeats, 5 s after the start: h1 declared at 35 s
        runTo(60);
        reload();

        runTo(89);
        assertThat(fences).as("the startup grace is counted from Lifeboat's start, not from the reload").isEmpty();
        runTo(90);
        assertThat(fences).as("nor does the reload restart it from the oldest heartbeat (which would end it at 95 s)")
                .extracting(FenceHost::getHost).containsExactly("h1");
    }

    @Test
    void reloadDuringTheRetryBackoff_theNextAttemptStartsWhenTheBackoffEnds() {
        beat("h1", "h2", "h3");
        runTo(30);                       // declared and, with the 20 s grace, fenced at 50 s
        runTo(50);
        FenceHost first = fences.remove(0);
        clock.advance(Duration.ofSeconds(2));
        session.applyOutcome(ActionOutcome.failed(first.getKey(), "BMC refused")); // failed at 52 s: retry at 82 s
        runTo(60);
        assertThat(fences).isEmpty();

        reload();
        runTo(81);
        assertThat(fences).as("the backoff counts from the failure, not from the reload").isEmpty();
        runTo(82);
        assertThat(fences).singleElement().satisfies(f -> assertThat(f.getAttempt()).isEqualTo(2));
    }

    @Test
    void reloadLongAfterTheStart_declaresNoHostThatKeepsAnsweringSilent() {
        // As a live start does: each host assumed heard when Lifeboat began watching it (seq below the probes').
        long assumed = 0;
        for (String host : List.of("h1", "h2", "h3")) {
            session.insert(new Heartbeat(host, --assumed, HeartbeatSource.ASSUMED));
        }
        for (int second = 1; second <= 60; second++) {
            clock.advance(Duration.ofSeconds(1));
            if (second % 5 == 0) {
                beat("h1", "h2", "h3");
            }
            collect(session.fire());
        }

        reload();

        assertThat(session.facts(HostUnresponsive.class)).isEmpty();
        assertThat(java.util.stream.Stream.of("host/h1", "host/h2", "host/h3").flatMap(h -> session.firingsOf(h).stream())
                .map(FiringLog.Firing::ruleId)).as("the replay never saw a gap between a start-time heartbeat and"
                + " the probes' newest one").doesNotContain("failover.host-unresponsive");
        assertThat(session.facts(Alert.class)).isEmpty();
        assertThat(fences).isEmpty();
    }

    /** Moves time second by second up to {@code seconds} after T0; h2 and h3 keep answering, h1 stays silent. */
    private void runTo(long seconds) {
        while (clock.instant().isBefore(T0.plusSeconds(seconds))) {
            clock.advance(Duration.ofSeconds(1));
            if (clock.instant().getEpochSecond() % 5 == 0 && !session.facts(Heartbeat.class).isEmpty()) {
                beat("h2", "h3");
            }
            collect(session.fire());
        }
    }

    private void beat(String... hosts) {
        for (String host : hosts) {
            session.insert(new Heartbeat(host, ++seq));
        }
        collect(session.fire());
    }

    private void collect(List<Action> actions) {
        actions.stream().filter(FenceHost.class::isInstance).map(FenceHost.class::cast).forEach(fence -> {
            session.markDispatched(fence);
            fences.add(fence);
        });
    }

    private void reload() {
        PolicySession next = session.successor(new PolicyCompiler().compile(PolicySources.shipped()));
        session.close();
        session = next;
        collect(session.fire());
    }
}
