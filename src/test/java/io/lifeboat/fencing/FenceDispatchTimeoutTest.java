package io.lifeboat.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Explanation;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.InMemoryJournal;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.FenceDevice;

/**
 * The dispatcher's timeout never undercuts a fence level: a level of two devices makes up to four agent runs, each
 * allowed the agent timeout. Real time, in tens of milliseconds: a dispatch timeout far shorter than the level.
 */
class FenceDispatchTimeoutTest {
    private static final Duration AGENT_TIMEOUT = Duration.ofMillis(100);
    private static final List<FenceDeviceParams> TWO_PSUS = List.of(
            new FenceDeviceParams("fence_pdu_a", Map.of("plug", "3")),
            new FenceDeviceParams("fence_pdu_b", Map.of("plug", "4")));
    private final PowerLedger ledger = new PowerLedger();

    @Test
    void levelSlowerThanTheDispatchTimeoutButWithinItsAgentTimeouts_isNotCutShort() {
        // Each run takes 40 ms, within the agent timeout: the four runs take 160 ms, the dispatch timeout is 50 ms.
        FenceAgents slow = (agent, op, params, timeout) -> {
            pause(Duration.ofMillis(40));
            return op == FenceOperation.OFF
                    ? new FenceResult(FenceResult.Outcome.SUCCEEDED, FenceResult.PowerState.UNKNOWN, 0, "Success: Powered OFF", Duration.ofMillis(40))
                    : new FenceResult(FenceResult.Outcome.SUCCEEDED, FenceResult.PowerState.OFF, 2, "Status: OFF", Duration.ofMillis(40));
        };

        ActionOutcome outcome = carryOut(slow, Duration.ofMillis(50));

        assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(ledger.isConfirmedOff("h1")).isTrue();
    }

    @Test
    void agentThatHangsUntilItsOwnTimeout_theLevelReportsTheAgentsTimeoutNotTheDispatchers() {
        FenceAgents hanging = (agent, op, params, timeout) -> {
            pause(timeout);
            return new FenceResult(FenceResult.Outcome.TIMED_OUT, FenceResult.PowerState.UNKNOWN, -1,
                    agent + " off did not finish within " + timeout.toMillis() + " ms; killed it", timeout);
        };

        ActionOutcome outcome = carryOut(hanging, Duration.ofMillis(20));

        assertThat(outcome.status()).isEqualTo(ActionStatus.TIMED_OUT);
        assertThat(outcome.message()).isEqualTo("device 1 of 2 (fence_pdu_a): fence_pdu_a off did not finish within 100 ms; killed it");
        assertThat(ledger.isConfirmedOff("h1")).isFalse();
    }

    private ActionOutcome carryOut(FenceAgents agents, Duration dispatchTimeout) {
        FenceHostHandler handler = new FenceHostHandler(agents, (host, level) -> TWO_PSUS, ledger, AGENT_TIMEOUT);
        FenceHost fence = new FenceHost(FenceDevice.ofLevel("h1", 1, List.of("fence_pdu_a", "fence_pdu_b")), 1, "test");
        fence.assign("k1", Explanation.NONE);
        try (ActionDispatcher dispatcher = new ActionDispatcher(List.of(handler), new InMemoryJournal(), dispatchTimeout, 1)) {
            return dispatcher.carryOut(fence);
        }
    }

    /** A device taking its time (a real agent's process would). */
    private static void pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
