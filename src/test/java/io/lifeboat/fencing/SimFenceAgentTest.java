package io.lifeboat.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.fencing.FenceResult.Outcome;
import io.lifeboat.fencing.FenceResult.PowerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's own agent, fence-plugins/fence_lifeboat_sim, through the runner as Lifeboat uses it. */
class SimFenceAgentTest {

    private static final String AGENT = "fence_lifeboat_sim";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    // Maven runs tests from the project directory.
    private static final FenceAgentRunner RUNNER = new FenceAgentRunner(List.of(Path.of("fence-plugins")));

    @TempDir
    Path powerDir;

    private Map<String, String> host(String name) {
        return Map.of("plug", name, "power_dir", powerDir.toString());
    }

    @Test
    void offThenStatus_reportsPowerOff() throws IOException {
        FenceResult off = RUNNER.run(AGENT, FenceOperation.OFF, host("h1"), TIMEOUT);
        FenceResult status = RUNNER.run(AGENT, FenceOperation.STATUS, host("h1"), TIMEOUT);

        assertThat(off.outcome()).as(off.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(off.message()).isEqualTo("Success: Powered OFF");
        assertThat(Files.readString(powerDir.resolve("h1.power")))
                .as("Lifeboat destroys the simulated host's domains when this file says off").isEqualTo("off");
        assertThat(status.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(status.exitCode()).as("status exit 2 means off").isEqualTo(2);
        assertThat(status.power()).isEqualTo(PowerState.OFF);
    }

    @Test
    void offThenOn_writesOnAndStatusReportsPowerOn() throws IOException {
        RUNNER.run(AGENT, FenceOperation.OFF, host("h1"), TIMEOUT);
        FenceResult on = RUNNER.run(AGENT, FenceOperation.ON, host("h1"), TIMEOUT);
        FenceResult status = RUNNER.run(AGENT, FenceOperation.STATUS, host("h1"), TIMEOUT);

        assertThat(on.outcome()).as(on.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(Files.readString(powerDir.resolve("h1.power"))).isEqualTo("on");
        assertThat(status.power()).isEqualTo(PowerState.ON);
    }

    @Test
    void statusOfNeverFencedHost_reportsPowerOn() {
        FenceResult status = RUNNER.run(AGENT, FenceOperation.STATUS, host("fresh"), TIMEOUT);

        assertThat(status.power()).as("no power file yet means the host was never switched off")
                .isEqualTo(PowerState.ON);
    }

    @Test
    void offWithoutPlug_fails() {
        FenceResult off = RUNNER.run(AGENT, FenceOperation.OFF, Map.of("power_dir", powerDir.toString()), TIMEOUT);

        assertThat(off.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(off.exitCode()).isEqualTo(1);
        assertThat(off.message()).startsWith("Failed:").contains("plug");
    }

    @Test
    void offWithPathAsPlug_failsAndWritesNothing() throws IOException {
        FenceResult off = RUNNER.run(AGENT, FenceOperation.OFF, host("../escape"), TIMEOUT);

        assertThat(off.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(Files.exists(powerDir.resolveSibling("escape.power")))
                .as("the plug names a file inside power_dir, nothing outside").isFalse();
    }

    @Test
    void offWithUnknownParameter_fails() {
        Map<String, String> params = Map.of("plug", "h1", "power_dir", powerDir.toString(), "powr_dir", "x");

        FenceResult off = RUNNER.run(AGENT, FenceOperation.OFF, params, TIMEOUT);

        assertThat(off.outcome()).as("like real agents it warns 'Parse error', which the runner counts as failure")
                .isEqualTo(Outcome.FAILED);
    }

    @Test
    void metadata_listsPlugAndPowerDir() {
        FenceAgentMetadata metadata = RUNNER.metadata(AGENT, TIMEOUT);

        assertThat(metadata.agent()).isEqualTo(AGENT);
        assertThat(metadata.parameter("plug")).get().extracting(FenceAgentMetadata.Parameter::required).isEqualTo(true);
        assertThat(metadata.parameter("power_dir")).get()
                .extracting(FenceAgentMetadata.Parameter::required).isEqualTo(true);
        assertThat(metadata.parameter("action")).get()
                .extracting(FenceAgentMetadata.Parameter::defaultValue).isEqualTo("reboot");
        assertThat(metadata.actions()).contains("on", "off", "reboot", "status", "monitor", "list", "metadata");
    }
}
