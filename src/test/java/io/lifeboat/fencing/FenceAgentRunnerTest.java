package io.lifeboat.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.fencing.FenceResult.Outcome;
import io.lifeboat.fencing.FenceResult.PowerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against the real {@code fence_ipmilan} talking to a real (simulated) BMC on loopback. */
class FenceAgentRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final FenceAgentRunner RUNNER =
            new FenceAgentRunner(List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin")));

    @TempDir
    Path tmp;

    private static void requireIpmiTools() {
        assumeTrue(IpmiSimBmc.onPath("fence_ipmilan"),
                "fence_ipmilan not installed (apt-get install fence-agents)");
        assumeTrue(IpmiSimBmc.installed(),
                "ipmi_sim/ipmitool not installed (apt-get install openipmi ipmitool)");
    }

    @Test
    void status_ofPoweredOnHost_reportsPowerOn() throws IOException {
        requireIpmiTools();
        try (IpmiSimBmc bmc = IpmiSimBmc.start()) {
            FenceResult status = RUNNER.run("fence_ipmilan", FenceOperation.STATUS, bmc.agentParams("secret"), TIMEOUT);

            assertThat(status.outcome()).as(status.message()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(status.power()).as("status exit 0 means the host is on").isEqualTo(PowerState.ON);
            assertThat(status.message()).isEqualTo("Status: ON");
        }
    }

    @Test
    void offThenStatus_reportsPowerOff() throws IOException {
        requireIpmiTools();
        try (IpmiSimBmc bmc = IpmiSimBmc.start()) {
            FenceResult off = RUNNER.run("fence_ipmilan", FenceOperation.OFF, bmc.agentParams("secret"), TIMEOUT);
            FenceResult status = RUNNER.run("fence_ipmilan", FenceOperation.STATUS, bmc.agentParams("secret"), TIMEOUT);

            assertThat(off.outcome()).as(off.message()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(off.message()).isEqualTo("Success: Powered OFF");
            assertThat(bmc.powerState()).as("the BMC must really have switched the host off").isEqualTo(PowerState.OFF);
            assertThat(status.outcome()).as("exit 2 from status is an answer, not an error").isEqualTo(Outcome.SUCCEEDED);
            assertThat(status.exitCode()).isEqualTo(2);
            assertThat(status.power()).isEqualTo(PowerState.OFF);
        }
    }

    @Test
    void offThenOnThenStatus_reportsPowerOn() throws IOException {
        requireIpmiTools();
        try (IpmiSimBmc bmc = IpmiSimBmc.start()) {
            RUNNER.run("fence_ipmilan", FenceOperation.OFF, bmc.agentParams("secret"), TIMEOUT);
            FenceResult on = RUNNER.run("fence_ipmilan", FenceOperation.ON, bmc.agentParams("secret"), TIMEOUT);
            FenceResult status = RUNNER.run("fence_ipmilan", FenceOperation.STATUS, bmc.agentParams("secret"), TIMEOUT);

            assertThat(on.outcome()).as(on.message()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(bmc.powerState()).isEqualTo(PowerState.ON);
            assertThat(status.power()).isEqualTo(PowerState.ON);
        }
    }

    @Test
    void off_withWrongPassword_failsWithoutLeakingPassword() throws IOException {
        requireIpmiTools();
        String wrong = "Wr0ng-Passw0rd";
        try (IpmiSimBmc bmc = IpmiSimBmc.start()) {
            FenceResult off = RUNNER.run("fence_ipmilan", FenceOperation.OFF, bmc.agentParams(wrong), TIMEOUT);

            assertThat(off.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(off.message()).as("operators see the message; it must never carry a password")
                    .isNotBlank().doesNotContain(wrong);
            assertThat(bmc.powerState()).as("a rejected login must not switch anything").isEqualTo(PowerState.ON);
        }
    }

    @Test
    void off_withNothingListening_failsWithinPowerTimeout() throws IOException {
        requireIpmiTools();
        Map<String, String> params = Map.of(
                "ip", "127.0.0.1", "ipport", String.valueOf(IpmiSimBmc.freeUdpPort()),
                "username", "admin", "password", "secret", "lanplus", "1", "cipher", "3",
                "power_wait", "0", "power_timeout", "5");

        FenceResult off = RUNNER.run("fence_ipmilan", FenceOperation.OFF, params, Duration.ofSeconds(20));

        assertThat(off.outcome()).isIn(Outcome.FAILED, Outcome.TIMED_OUT);
        assertThat(off.took()).as("power_timeout=5 bounds the agent (seen: ~5 s); it must not hang")
                .isLessThan(Duration.ofSeconds(12));
    }

    @Test
    void off_whenBmcRefusesSetPower_fails() throws IOException {
        requireIpmiTools();
        try (IpmiSimBmc bmc = IpmiSimBmc.start()) {
            bmc.refuseSetPower(true);

            FenceResult off = RUNNER.run("fence_ipmilan", FenceOperation.OFF, bmc.agentParams("secret"), TIMEOUT);

            assertThat(off.outcome()).as(off.message()).isEqualTo(Outcome.FAILED);
            assertThat(off.message()).contains("Failed:");
            assertThat(bmc.powerState()).isEqualTo(PowerState.ON);
        }
    }

    @Test
    void off_withTimeoutShorterThanAgentNeeds_timesOutAndKillsAgent() throws IOException {
        requireIpmiTools();
        int port = IpmiSimBmc.freeUdpPort();
        Map<String, String> params = Map.of(
                "ip", "127.0.0.1", "ipport", String.valueOf(port), "username", "admin", "password", "secret",
                "lanplus", "1", "cipher", "3", "power_wait", "0", "power_timeout", "5");

        FenceResult off = RUNNER.run("fence_ipmilan", FenceOperation.OFF, params, Duration.ofSeconds(1));

        assertThat(off.outcome()).as("nothing answers, so the agent would wait power_timeout=5 s")
                .isEqualTo(Outcome.TIMED_OUT);
        assertThat(off.took()).isLessThan(Duration.ofSeconds(5));
        await("fence_ipmilan and its ipmitool gone").atMost(Duration.ofSeconds(3))
                .until(() -> agentProcesses(port).isEmpty());
    }

    // Our agent children, plus any ipmitool aimed at the port (re-parented once the agent is killed).
    private static List<String> agentProcesses(int port) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    String cmd = p.info().commandLine().orElse("");
                    boolean agent = cmd.contains("fence_ipmilan")
                            && p.parent().map(parent -> parent.pid() == self).orElse(false);
                    boolean tool = cmd.contains("ipmitool") && cmd.contains(" " + port + " ");
                    return agent || tool;
                })
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }

    @Test
    void unknownAgent_failsNotFound() {
        FenceResult result = RUNNER.run("fence_no_such_agent", FenceOperation.STATUS, Map.of(), TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.message()).contains("not found");
    }

    @Test
    void badAgentNameOrParams_areRejected() {
        assertThatThrownBy(() -> RUNNER.run("../bin/sh", FenceOperation.STATUS, Map.of(), TIMEOUT))
                .as("an agent name must not be a path").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RUNNER.run("fence_ipmilan", FenceOperation.STATUS, Map.of("action", "off"), TIMEOUT))
                .as("the runner owns action=; a second one could turn status into off")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RUNNER.run("fence_ipmilan", FenceOperation.OFF, Map.of("option", "status"), TIMEOUT))
                .as("agents read option= as action=: a stored option=status would make off a no-op that succeeds")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RUNNER.run("fence_ipmilan", FenceOperation.STATUS,
                Map.of("disable-timeout", "1"), TIMEOUT))
                .as("disable_timeout makes agents wait forever; '-' and '_' are the same to agents")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RUNNER.run("fence_ipmilan", FenceOperation.STATUS,
                Map.of("ip", "127.0.0.1\naction=off"), TIMEOUT))
                .as("a newline would smuggle in another key=value line")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadata_ofFenceIpmilan_listsIpPasswordAndOff() {
        requireIpmiTools();
        FenceAgentMetadata metadata = RUNNER.metadata("fence_ipmilan", TIMEOUT);

        assertThat(metadata.agent()).isEqualTo("fence_ipmilan");
        assertThat(metadata.parameters()).extracting(FenceAgentMetadata.Parameter::name)
                .contains("ip", "password", "ipport", "lanplus");
        assertThat(metadata.parameter("ipport")).get()
                .extracting(FenceAgentMetadata.Parameter::defaultValue).isEqualTo("623");
        assertThat(metadata.parameter("passwd")).get()
                .extracting(FenceAgentMetadata.Parameter::deprecated).isEqualTo(true);
        assertThat(metadata.actions()).contains("off", "on", "status", "monitor");
    }

    @Test
    void metadataParse_withDoctype_isRejected() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<resource-agent name=\"&x;\"/>";

        assertThatThrownBy(() -> FenceAgentMetadata.parse(xxe))
                .as("agent output is untrusted: no DTDs, no external entities")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fakeAgent_echoingPassword_getsScrubbedAndActionComesFirst() throws IOException {
        Path stdinCopy = tmp.resolve("stdin");
        writeAgent("fence_echo", "cat > " + stdinCopy + "\necho \"Failed: login as admin/$(grep passwd= "
                + stdinCopy + " | cut -d= -f2) refused\" >&2\nexit 1\n");

        FenceResult result = new FenceAgentRunner(List.of(tmp))
                .run("fence_echo", FenceOperation.OFF, Map.of("passwd", "hunter2", "ip", "h"), TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.message()).isEqualTo("Failed: login as admin/**** refused");
        assertThat(Files.readAllLines(stdinCopy)).as("a missing action= means reboot, so it goes first")
                .first().isEqualTo("action=off");
        assertThat(Files.readAllLines(stdinCopy)).contains("passwd=hunter2", "ip=h");
    }

    @Test
    void fakeAgent_echoingSnmpCommunity_getsScrubbed() throws IOException {
        writeAgent("fence_snmp_echo", "echo \"Failed: no answer for community $(grep community= | cut -d= -f2)\" >&2\n"
                + "exit 1\n");

        FenceResult result = new FenceAgentRunner(List.of(tmp))
                .run("fence_snmp_echo", FenceOperation.OFF, Map.of("community", "pr1vate-c0mm"), TIMEOUT);

        assertThat(result.message()).as("the runner scrubs what FenceParameterNames calls secret")
                .isEqualTo("Failed: no answer for community ****");
    }

    @Test
    void fakeAgent_exitingZeroAfterParseError_fails() throws IOException {
        writeAgent("fence_lenient", "cat > /dev/null\n"
                + "echo \"WARNING:root:Parse error: Ignoring unknown option 'ipadr=10.0.0.1'\" >&2\n"
                + "echo 'Success: Powered OFF'\nexit 0\n");

        FenceResult result = new FenceAgentRunner(List.of(tmp))
                .run("fence_lenient", FenceOperation.OFF, Map.of("ipadr", "10.0.0.1"), TIMEOUT);

        assertThat(result.outcome()).as("the ignored option may have been the one that mattered")
                .isEqualTo(Outcome.FAILED);
        assertThat(result.message()).startsWith("Parse error:");
    }

    private void writeAgent(String name, String body) throws IOException {
        Path agent = tmp.resolve(name);
        Files.writeString(agent, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwx------"));
    }
}
