package io.lifeboat.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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

/** A host counts as confirmed off only when its fence device's status says off, not on the agent's word alone. */
class FenceHostHandlerTest {
    @TempDir
    Path dir;
    private final PowerLedger ledger = new PowerLedger();

    @Test
    void simAgentPowersOff_hostIsConfirmedOff() throws Exception {
        Path power = Files.createDirectories(dir.resolve("power"));
        FenceHostHandler handler = handler(List.of(Path.of("fence-plugins")),
                Map.of("plug", "h1", "power_dir", power.toString()));

        ActionOutcome outcome = handler.execute(fence("fence_lifeboat_sim"));

        assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(Files.readString(power.resolve("h1.power"))).isEqualTo("off");
        assertThat(ledger.isConfirmedOff("h1")).isTrue();
    }

    @Test
    void agentSaysSuccessButStatusIsOn_notConfirmedOff() throws Exception {
        // An agent that claims success for every action, and reports the host on.
        Path liar = dir.resolve("fence_liar");
        Files.writeString(liar, "#!/bin/sh\ncat >/dev/null\necho 'Success: Powered OFF'\necho 'Status: ON'\nexit 0\n");
        Files.setPosixFilePermissions(liar, PosixFilePermissions.fromString("rwxr-xr-x"));
        FenceHostHandler handler = handler(List.of(dir), Map.of("plug", "h1"));

        ActionOutcome outcome = handler.execute(fence("fence_liar"));

        assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(outcome.message()).contains("status is ON");
        assertThat(ledger.isConfirmedOff("h1")).as("the VMs of h1 must not start elsewhere").isFalse();
    }

    private FenceHostHandler handler(List<Path> searchPath, Map<String, String> params) {
        return new FenceHostHandler(new FenceAgentRunner(searchPath), (host, level) -> List.of(new FenceDeviceParams("fence_under_test", params)), ledger,
                Duration.ofSeconds(10));
    }

    private static FenceHost fence(String agent) {
        FenceHost fence = new FenceHost(new FenceDevice("h1", 1, agent), "test");
        fence.assign("k1", Explanation.NONE);
        return fence;
    }
}
