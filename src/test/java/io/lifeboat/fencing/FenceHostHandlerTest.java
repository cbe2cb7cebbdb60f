package io.lifeboat.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Explanation;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.fencing.FenceResult.Outcome;
import io.lifeboat.fencing.FenceResult.PowerState;

/**
 * A host counts as confirmed off only when the status of every device of the fence level says off, not on the
 * agents' word alone.
 */
class FenceHostHandlerTest {
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);
    private static final FenceDeviceParams PSU_A = new FenceDeviceParams("fence_pdu_a", Map.of("plug", "3"));
    private static final FenceDeviceParams PSU_B = new FenceDeviceParams("fence_pdu_b", Map.of("plug", "4"));

    @TempDir
    Path dir;
    private final PowerLedger ledger = new PowerLedger();

    @Test
    void simAgentPowersOff_hostIsConfirmedOff() throws Exception {
        Path power = Files.createDirectories(dir.resolve("power"));
        FenceHostHandler handler = new FenceHostHandler(new FenceAgentRunner(List.of(Path.of("fence-plugins"))),
                level(new FenceDeviceParams("fence_lifeboat_sim", Map.of("plug", "h1", "power_dir", power.toString()))),
                ledger, AGENT_TIMEOUT);

        ActionOutcome outcome = handler.execute(fence());

        assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(outcome.message()).isEqualTo("Success: Powered OFF");
        assertThat(Files.readString(power.resolve("h1.power"))).isEqualTo("off");
        assertThat(ledger.isConfirmedOff("h1")).isTrue();
    }

    @Test
    void agentSaysSuccessButStatusIsOn_notConfirmedOff() throws Exception {
        // An agent that claims success for every action, and reports the host on.
        Path liar = dir.resolve("fence_liar");
        Files.writeString(liar, "#!/bin/sh\ncat >/dev/null\necho 'Success: Powered OFF'\necho 'Status: ON'\nexit 0\n");
        Files.setPosixFilePermissions(liar, PosixFilePermissions.fromString("rwxr-xr-x"));
        FenceHostHandler handler = new FenceHostHandler(new FenceAgentRunner(List.of(dir)),
                level(new FenceDeviceParams("fence_liar", Map.of("plug", "h1"))), ledger, AGENT_TIMEOUT);

        ActionOutcome outcome = handler.execute(fence());

        assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(outcome.message()).contains("status is ON");
        assertThat(ledger.isConfirmedOff("h1")).as("the VMs of h1 must not start elsewhere").isFalse();
    }

    @Test
    void bothDevicesOfTheLevelOff_thenBothStatusesOff_confirmedOff() {
        FakeAgents agents = new FakeAgents();

        ActionOutcome outcome = handler(agents, PSU_A, PSU_B).execute(fence());

        assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(ledger.isConfirmedOff("h1")).isTrue();
        assertThat(agents.calls).as("every device off, in order, before any status is asked")
                .containsExactly("fence_pdu_a off", "fence_pdu_b off", "fence_pdu_a status", "fence_pdu_b status");
    }

    @Test
    void secondDeviceFails_levelFailsNamingItAndHostIsNotConfirmed() {
        FakeAgents agents = new FakeAgents().answer("fence_pdu_b off", Outcome.FAILED, PowerState.UNKNOWN,
                "Failed: unable to connect");

        ActionOutcome outcome = handler(agents, PSU_A, PSU_B).execute(fence());

        assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(outcome.message()).isEqualTo("device 2 of 2 (fence_pdu_b): Failed: unable to connect");
        assertThat(ledger.isConfirmedOff("h1")).as("one PSU off: the host may run on the other").isFalse();
        assertThat(agents.calls).as("device 1 is not turned back on").containsExactly("fence_pdu_a off", "fence_pdu_b off");
    }

    @Test
    void firstDeviceTimesOut_levelTimesOutAndTheSecondIsNotTried() {
        FakeAgents agents = new FakeAgents().answer("fence_pdu_a off", Outcome.TIMED_OUT, PowerState.UNKNOWN,
                "fence_pdu_a off did not finish within 10000 ms; killed it");

        ActionOutcome outcome = handler(agents, PSU_A, PSU_B).execute(fence());

        assertThat(outcome.status()).isEqualTo(ActionStatus.TIMED_OUT);
        assertThat(outcome.message()).startsWith("device 1 of 2 (fence_pdu_a): ");
        assertThat(ledger.isConfirmedOff("h1")).isFalse();
        assertThat(agents.calls).containsExactly("fence_pdu_a off");
    }

    @Test
    void oneDeviceStillOnAfterOff_levelFailsAndHostIsNotConfirmed() {
        FakeAgents agents = new FakeAgents().answer("fence_pdu_b status", Outcome.SUCCEEDED, PowerState.ON, "Status: ON");

        ActionOutcome outcome = handler(agents, PSU_A, PSU_B).execute(fence());

        assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(outcome.message()).isEqualTo("device 2 of 2 (fence_pdu_b) was turned off but its status is ON (Status: ON)");
        assertThat(ledger.isConfirmedOff("h1")).isFalse();
    }

    @Test
    void levelWithoutDevices_fails() {
        ActionOutcome outcome = handler(new FakeAgents()).execute(fence());

        assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(outcome.message()).isEqualTo("no fence level 1 is configured for h1");
        assertThat(ledger.isConfirmedOff("h1")).isFalse();
    }

    @Test
    void timeNeeded_isOffAndStatusOfEveryDeviceUnderTheAgentTimeoutAndAMargin() {
        Duration needed = handler(new FakeAgents(), PSU_A, PSU_B).timeNeeded(fence());

        assertThat(needed).isEqualTo(AGENT_TIMEOUT.multipliedBy(4).plus(FenceHostHandler.MARGIN));
    }

    @Test
    void levelThatGrewSinceTheDecision_failsWithoutRunningAnAgent() {
        FakeAgents agents = new FakeAgents();
        FenceDeviceParams third = new FenceDeviceParams("fence_pdu_c", Map.of("plug", "5"));

        ActionOutcome outcome = handler(agents, PSU_A, PSU_B, third).execute(fence());

        assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(outcome.message()).isEqualTo("fence level 1 of h1 has 3 devices now, not the 2 it was decided with");
        assertThat(agents.calls).as("its time was given for two devices").isEmpty();
    }

    private FenceHostHandler handler(FenceAgents agents, FenceDeviceParams... devices) {
        return new FenceHostHandler(agents, level(devices), ledger, AGENT_TIMEOUT);
    }

    private static FenceDeviceDirectory level(FenceDeviceParams... devices) {
        return (host, level) -> "h1".equals(host) && level == 1 ? List.of(devices) : List.of();
    }

    private static FenceHost fence() {
        FenceHost fence = new FenceHost(FenceDevice.ofLevel("h1", 1, List.of("fence_pdu_a", "fence_pdu_b")), 1, "test");
        fence.assign("k1", Explanation.NONE);
        return fence;
    }

    /** Agents that switch off and then report OFF, unless told to answer otherwise; they record every run. */
    private static final class FakeAgents implements FenceAgents {
        final List<String> calls = new ArrayList<>();
        private final Map<String, FenceResult> answers = new HashMap<>();

        FakeAgents answer(String call, Outcome outcome, PowerState power, String message) {
            answers.put(call, new FenceResult(outcome, power, outcome == Outcome.SUCCEEDED ? 0 : 1, message, Duration.ZERO));
            return this;
        }

        @Override
        public FenceResult run(String agent, FenceOperation op, Map<String, String> params, Duration timeout) {
            String call = agent + " " + op.action();
            calls.add(call);
            return answers.getOrDefault(call, op == FenceOperation.STATUS
                    ? new FenceResult(Outcome.SUCCEEDED, PowerState.OFF, 2, "Status: OFF", Duration.ZERO)
                    : new FenceResult(Outcome.SUCCEEDED, PowerState.UNKNOWN, 0, "Success: Powered OFF", Duration.ZERO));
        }
    }
}
