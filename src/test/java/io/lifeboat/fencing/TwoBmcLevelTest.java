package io.lifeboat.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Explanation;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.fencing.FenceResult.PowerState;

/**
 * One fence level of two devices, as a host with two power supplies has: two real (simulated) BMCs on loopback, each
 * driven by the real {@code fence_ipmilan}, through the handler Lifeboat dispatches fencing to.
 */
class TwoBmcLevelTest {
    private static final FenceAgentRunner RUNNER =
            new FenceAgentRunner(List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin")));

    private final PowerLedger ledger = new PowerLedger();

    @BeforeEach
    void requireIpmiTools() {
        assumeTrue(IpmiSimBmc.onPath("fence_ipmilan"), "fence_ipmilan not installed (apt-get install fence-agents)");
        assumeTrue(IpmiSimBmc.installed(), "ipmi_sim/ipmitool not installed (apt-get install openipmi ipmitool)");
    }

    @Test
    void bothBmcsPowerOff_hostIsConfirmedOff() throws IOException {
        try (IpmiSimBmc psuA = IpmiSimBmc.start(); IpmiSimBmc psuB = IpmiSimBmc.start()) {
            ActionOutcome outcome = handler(psuA, psuB).execute(fence());

            assertThat(outcome.status()).as(outcome.message()).isEqualTo(ActionStatus.SUCCEEDED);
            assertThat(psuA.powerState()).isEqualTo(PowerState.OFF);
            assertThat(psuB.powerState()).isEqualTo(PowerState.OFF);
            assertThat(ledger.isConfirmedOff("h1")).isTrue();
        }
    }

    @Test
    void secondBmcRefusesThePowerChange_levelFailsAndHostIsNotConfirmed() throws IOException {
        try (IpmiSimBmc psuA = IpmiSimBmc.start(); IpmiSimBmc psuB = IpmiSimBmc.start()) {
            psuB.refuseSetPower(true);

            ActionOutcome outcome = handler(psuA, psuB).execute(fence());

            assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
            assertThat(outcome.message()).startsWith("device 2 of 2 (fence_ipmilan): Failed:")
                    .doesNotContain(IpmiSimBmc.PASSWORD);
            assertThat(psuB.powerState()).as("the host still runs on its second supply").isEqualTo(PowerState.ON);
            assertThat(psuA.powerState()).as("a partial fence is not undone").isEqualTo(PowerState.OFF);
            assertThat(ledger.isConfirmedOff("h1")).isFalse();
        }
    }

    private FenceHostHandler handler(IpmiSimBmc... bmcs) {
        List<FenceDeviceParams> level = Arrays.stream(bmcs)
                .map(bmc -> new FenceDeviceParams("fence_ipmilan", bmc.agentParams(IpmiSimBmc.PASSWORD))).toList();
        return new FenceHostHandler(RUNNER, (host, number) -> level, ledger, Duration.ofSeconds(30));
    }

    private static FenceHost fence() {
        FenceHost fence = new FenceHost(FenceDevice.ofLevel("h1", 1, List.of("fence_ipmilan", "fence_ipmilan")), 1, "test");
        fence.assign("k1", Explanation.NONE);
        return fence;
    }
}
