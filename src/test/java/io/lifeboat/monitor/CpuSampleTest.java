package io.lifeboat.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lifeboat.facts.HostMetrics;

/** A host's load from two samples of its guests' CPU time. */
class CpuSampleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void guestsRunningAtBothSamples_countTheirCpuTimeAgainstTheHostsCpus() {
        CpuSample before = new CpuSample("h1", 4, 0, Map.of("db1", 10 * SECOND, "web1", 5 * SECOND));
        CpuSample after = new CpuSample("h1", 4, 2 * SECOND, Map.of("db1", 12 * SECOND, "web1", 6 * SECOND));

        assertThat(after.loadSince(before)).as("3 CPU-seconds of 8").contains(new HostMetrics("h1", 38));
    }

    @Test
    void aGuestStartedOrRestartedInBetween_isNotCounted() {
        CpuSample before = new CpuSample("h1", 2, 0, Map.of("db1", 50 * SECOND));
        CpuSample after = new CpuSample("h1", 2, SECOND, Map.of("db1", SECOND / 2, "new1", 900 * SECOND));

        assertThat(after.loadSince(before)).contains(new HostMetrics("h1", 0));
    }

    @Test
    void moreThanTheHostsCpus_isAFullHost() {
        CpuSample before = new CpuSample("h1", 1, 0, Map.of("db1", 0L, "web1", 0L));
        CpuSample after = new CpuSample("h1", 1, SECOND, Map.of("db1", SECOND, "web1", SECOND));

        assertThat(after.loadSince(before)).contains(new HostMetrics("h1", 100));
    }

    @Test
    void noCpusReportedOrNoTimePassed_measuresNothing() {
        assertThat(new CpuSample("h1", 0, SECOND, Map.of()).loadSince(new CpuSample("h1", 0, 0, Map.of()))).isEmpty();
        assertThat(new CpuSample("h1", 4, 0, Map.of()).loadSince(new CpuSample("h1", 4, 0, Map.of()))).isEmpty();
    }
}
