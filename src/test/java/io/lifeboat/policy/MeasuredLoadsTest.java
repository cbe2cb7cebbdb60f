package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.facts.HostMetrics;

/** One measured load per host in the session, replaced only when it moved by a step. */
class MeasuredLoadsTest {
    private final PolicySession session = new PolicySession(ShippedPolicy.compiled(),
            new ManualClock(Instant.parse("2026-01-01T00:00:00Z")), "t-");
    private final MeasuredLoads loads = new MeasuredLoads();

    @AfterEach
    void dispose() {
        session.close();
    }

    @Test
    void aReadingWithinTheStep_leavesTheStatedLoad_oneAStepAwayReplacesIt() {
        loads.report(session, new HostMetrics("h1", 40));
        loads.report(session, new HostMetrics("h1", 40 + MeasuredLoads.STEP_PERCENT - 1));
        assertThat(session.facts(HostMetrics.class)).containsExactly(new HostMetrics("h1", 40));

        loads.report(session, new HostMetrics("h1", 40 - MeasuredLoads.STEP_PERCENT));
        assertThat(session.facts(HostMetrics.class)).containsExactly(new HostMetrics("h1", 35));
    }

    @Test
    void eachHostHasItsOwn_andAForgottenHostsGoes() {
        loads.report(session, new HostMetrics("h1", 40));
        loads.report(session, new HostMetrics("h2", 41));

        loads.forget(session, "h1");

        assertThat(session.facts(HostMetrics.class)).containsExactly(new HostMetrics("h2", 41));
    }
}
