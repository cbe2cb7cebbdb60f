package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.Vm;

/**
 * What simulate needs to skip the heartbeat rounds of a cluster at rest: whether a round changed any fact but the
 * newest heartbeats. Pseudo clock; h1, h2 and h3 beat every 5 s, heartbeat timeout 30 s.
 */
class RestingClusterTest {
    private static final Duration BEAT = Duration.ofSeconds(5);
    private static final long TIMEOUT_MILLIS = ClusterSettings.defaults("test").heartbeatTimeoutMillis();
    private static final List<String> HOSTS = List.of("h1", "h2", "h3");
    private static final CompiledPolicy policy = ShippedPolicy.compiled();

    private ManualClock clock;
    private PolicySession session;
    private long seq;

    @BeforeEach
    void threeHostsAnswer() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        session = new PolicySession(policy, clock, "t-");
        session.insert(ClusterSettings.defaults("test"));
        for (String name : HOSTS) {
            session.insert(Host.builder(name).cpus(16).memoryMiB(65536).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
        }
        session.insert(Vm.builder("db1").ha(true).runningOn("h1").build());
        round(HOSTS);
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void aRoundOfTheSameAnswers_changesNoFact_whileAHostThatFallsSilent_does() {
        long before = session.factChanges();
        clock.advance(BEAT);
        round(HOSTS);
        assertThat(session.factChanges()).as("only heartbeats were replaced").isEqualTo(before);
        assertThat(session.millisToNextTimer()).as("the heartbeat timeouts, restarted by the round")
                .hasValue(TIMEOUT_MILLIS);

        clock.advance(Duration.ofMillis(TIMEOUT_MILLIS));
        round(List.of("h1", "h2"));
        assertThat(session.factChanges()).as("h3 declared unresponsive").isGreaterThan(before);
    }

    @Test
    void aHostThatAnswersWithAnotherListOfVms_changesAFact() {
        long before = session.factChanges();
        clock.advance(BEAT);
        session.observe("h2", Set.of("db1"));
        round(HOSTS);

        assertThat(session.factChanges()).isGreaterThan(before);
    }

    private void round(List<String> answering) {
        for (String host : answering) {
            session.observe(host, host.equals("h1") ? Set.of("db1") : Set.of());
            session.insert(new Heartbeat(host, ++seq));
        }
        session.fire();
    }
}
