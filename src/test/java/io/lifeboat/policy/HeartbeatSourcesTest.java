package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.HostUnresponsive;
import io.lifeboat.facts.Vm;

/**
 * A host is declared unresponsive only when every signal is silent: its libvirt probes and, if it has one, its host
 * agent. Pseudo clock; h2 answers through libvirt throughout, so that one silent host is never most of the cluster.
 */
class HeartbeatSourcesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BEAT = Duration.ofSeconds(5);
    private static final CompiledPolicy policy = ShippedPolicy.compiled();

    private ManualClock clock;
    private PolicySession session;
    private long seq;

    @BeforeEach
    void bothHostsAnswerThroughLibvirt() {
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        session = new PolicySession(policy, clock, "t-");
        session.insert(ClusterSettings.defaults("test"));
        for (String name : List.of("h1", "h2")) {
            session.insert(Host.builder(name).cpus(16).memoryMiB(65536).build());
            session.insert(new FenceDevice(name, 1, "fence_ipmilan"));
        }
        session.insert(Vm.builder("db1").ha(true).runningOn("h1").build());
        beat("h1", HeartbeatSource.LIBVIRT);
        beat("h2", HeartbeatSource.LIBVIRT);
        assertThat(session.fire()).isEmpty();
    }

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void libvirtSilentForFourTimeoutsButTheAgentBeats_hostIsNeverUnresponsive() {
        for (Duration t = BEAT; t.compareTo(TIMEOUT.multipliedBy(4)) <= 0; t = t.plus(BEAT)) {
            clock.advance(BEAT);
            beat("h1", HeartbeatSource.AGENT);
            beat("h2", HeartbeatSource.LIBVIRT);

            assertThat(session.fire()).as("no action at %s", t).isEmpty();
        }
        assertThat(session.facts(HostUnresponsive.class)).isEmpty();
    }

    @Test
    void agentSilentButLibvirtAnswers_hostIsNeverUnresponsive() {
        beat("h1", HeartbeatSource.AGENT);
        for (Duration t = BEAT; t.compareTo(TIMEOUT.multipliedBy(2)) <= 0; t = t.plus(BEAT)) {
            clock.advance(BEAT);
            beat("h1", HeartbeatSource.LIBVIRT);
            beat("h2", HeartbeatSource.LIBVIRT);

            assertThat(session.fire()).as("no action at %s", t).isEmpty();
        }
    }

    @Test
    void libvirtStopsAt0AndTheAgentAt10s_unresponsiveAt40sExactlyAndFenced() {
        clock.advance(Duration.ofSeconds(10));
        beat("h1", HeartbeatSource.AGENT);
        beat("h2", HeartbeatSource.LIBVIRT);
        session.fire();
        clock.advance(Duration.ofSeconds(20));
        beat("h2", HeartbeatSource.LIBVIRT);
        assertThat(session.fire()).as("at 30 s the libvirt timeout alone is over, the agent's is not").isEmpty();
        clock.advance(TIMEOUT.minusSeconds(20).minusMillis(1));
        beat("h2", HeartbeatSource.LIBVIRT);
        assertThat(session.fire()).as("39.999 s").isEmpty();

        clock.advance(Duration.ofMillis(1));
        List<Action> actions = session.fire();

        assertThat(session.facts(HostUnresponsive.class)).extracting(HostUnresponsive::host)
                .as("both signals silent for the timeout, counted from the newest").containsExactly("h1");
        assertThat(actions).singleElement().isInstanceOfSatisfying(FenceHost.class,
                f -> assertThat(f.getHost()).isEqualTo("h1"));
    }

    @Test
    void manyHeartbeatsOfBothSources_theNewestOfEachSourceIsKept() {
        for (int i = 0; i < 5; i++) {
            clock.advance(BEAT);
            beat("h1", HeartbeatSource.LIBVIRT);
            beat("h1", HeartbeatSource.AGENT);
        }
        session.fire();

        assertThat(session.facts(Heartbeat.class)).filteredOn(h -> h.host().equals("h1"))
                .extracting(Heartbeat::source).as("one per source, the newest")
                .containsExactlyInAnyOrder(HeartbeatSource.LIBVIRT, HeartbeatSource.AGENT);
    }

    @Test
    void unresponsiveHostWhoseAgentSpeaksAgain_isResponsiveBeforeItIsFenced() {
        session.delete(session.facts(ClusterSettings.class).get(0));
        session.insert(ClusterSettings.defaults("test").withFencingGrace(Duration.ofSeconds(10)));
        for (int i = 0; i < 6; i++) {
            clock.advance(BEAT);
            beat("h2", HeartbeatSource.LIBVIRT);
            session.fire();
        }
        assertThat(session.facts(HostUnresponsive.class)).as("silent for 30 s, within its fencing grace").hasSize(1);

        beat("h1", HeartbeatSource.AGENT);
        session.fire();

        assertThat(session.facts(HostUnresponsive.class)).as("its agent answered before the fence").isEmpty();
    }

    private void beat(String host, HeartbeatSource source) {
        session.insert(new Heartbeat(host, ++seq, source));
    }
}
