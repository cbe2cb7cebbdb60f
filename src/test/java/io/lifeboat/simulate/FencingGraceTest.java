package io.lifeboat.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.lifeboat.simulate.Scenario.ClusterSpec;

/** One default for simulate and live: the document's grace, and live never under its heartbeat sampling. */
class FencingGraceTest {

    @Test
    void noGraceGiven_simulateFencesAtTheTimeout_asTheContractSays() {
        assertThat(ScenarioFacts.settings(cluster(null), Duration.ZERO).fencingGrace()).isZero();
    }

    @Test
    void noGraceGiven_liveWaitsOneMonitorInterval() {
        assertThat(ScenarioFacts.settings(cluster(null), Duration.ofSeconds(2)).fencingGrace())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aGraceGiven_isTheSameInSimulateAndLive_whenItCoversTheSampling() {
        assertThat(ScenarioFacts.settings(cluster(7), Duration.ZERO).fencingGrace()).isEqualTo(Duration.ofSeconds(7));
        assertThat(ScenarioFacts.settings(cluster(7), Duration.ofSeconds(2)).fencingGrace())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(ScenarioFacts.settings(cluster(1), Duration.ofSeconds(2)).fencingGrace())
                .as("shorter than a probe interval: live cannot tell silences apart that finely")
                .isEqualTo(Duration.ofSeconds(2));
    }

    private static ClusterSpec cluster(Integer fencingGrace) {
        return new ClusterSpec("c", null, null, null, null, null, null, null, null, fencingGrace, null, null);
    }
}
