package io.lifeboat.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.InMemoryJournal;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceDevice;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.Vm;
import io.lifeboat.fencing.FenceAgentRunner;
import io.lifeboat.fencing.FenceDeviceParams;
import io.lifeboat.fencing.FenceHostHandler;
import io.lifeboat.policy.ManualClock;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.policy.PolicySources;

/**
 * Alerts carry reasons, never a fence device's parameters: with the shipped rules, a host whose fence agent fails
 * while printing its password raises FENCING_FAILED, and the alert agent that dumps its whole environment sees
 * neither the password nor anything of Lifeboat's own environment; the log of the run holds no password either.
 * The password is random, so a hit can only be a leak.
 */
class AlertSecretsTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final String secret = "pw-" + UUID.randomUUID();
    private final LogCapture log = new LogCapture();

    @TempDir
    Path dir;
    private PolicySession session;
    private ActionDispatcher dispatcher;
    private AlertAgents agents;

    @AfterEach
    void close() {
        log.stop();
        if (dispatcher != null) {
            dispatcher.close();
            agents.close();
            session.close();
        }
    }

    @Test
    void fenceAgentPrintingItsPassword_fencingFailedAlert_reachesAgentsAndLogWithoutIt() throws Exception {
        log.start();
        Path fenceDir = Files.createDirectory(dir.resolve("fence"));
        script(fenceDir.resolve("fence_leaky"), "pw=''\nwhile IFS='=' read -r k v; do [ \"$k\" = password ] && pw=$v; done\n"
                + "echo \"Failed: login refused for admin with password=$pw\" >&2\nexit 1");
        Path alertDir = Files.createDirectory(dir.resolve("alerts"));
        Path dumps = Files.createDirectory(dir.resolve("dumps"));
        script(alertDir.resolve("dump_env"), "env > " + dumps + "/$CRM_alert_node_sequence.env");

        ManualClock clock = new ManualClock(START);
        session = new PolicySession(new PolicyCompiler().compile(PolicySources.shipped()), clock, "t-");
        agents = new AlertAgents(new AlertAgents.Settings(Optional.of(alertDir), Duration.ofSeconds(10), List.of(),
                DateTimeFormatter.ISO_INSTANT, "test"), clock, DeliveryListener.NONE);
        Map<String, String> params = Map.of("ip", "127.0.0.1", "username", "admin", "password", secret);
        dispatcher = new ActionDispatcher(List.of(
                new FenceHostHandler(new FenceAgentRunner(List.of(fenceDir)),
                        (host, level) -> level == 1 ? List.of(new FenceDeviceParams("fence_leaky", params)) : List.of(),
                        new PowerLedger(), Duration.ofSeconds(10)),
                new AlertAgentHandler(agents)), new InMemoryJournal(), Duration.ofSeconds(30), 1);
        session.insert(ClusterSettings.defaults("test"));
        for (String h : List.of("h1", "h2")) {
            session.insert(Host.builder(h).cpus(16).memoryMiB(65536).build());
            session.insert(new FenceDevice(h, 1, "fence_leaky"));
        }
        session.insert(Vm.builder("db1").vcpus(4).memoryMiB(8192).ha(true).runningOn("h1").build());

        // h1 falls silent at once, h2 beats every 5 s; every decision is carried out as the live loop would.
        List<Action> done = new ArrayList<>();
        long seq = 0;
        for (int s = 0; s < 120 && done.stream().noneMatch(a -> a instanceof Alert alert
                && alert.getCode().equals("FENCING_FAILED")); s++) {
            if (s % 5 == 0) {
                session.insert(new Heartbeat("h2", ++seq));
                if (s == 0) {
                    session.insert(new Heartbeat("h1", ++seq));
                }
            }
            for (List<Action> fresh = session.fire(); !fresh.isEmpty(); fresh = session.fire()) {
                for (Action action : fresh) {
                    session.markDispatched(action);
                    session.applyOutcome(dispatcher.carryOut(action));
                    done.add(action);
                }
            }
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(done).as("h1's fence failed on the agent that prints its password, and operators were alerted")
                .anyMatch(a -> a.toString().startsWith("FENCE_HOST host/h1 [FAILED]"))
                .anyMatch(a -> a instanceof Alert alert && alert.getCode().equals("FENCING_FAILED"));
        List<Path> envs;
        try (Stream<Path> files = Files.list(dumps)) {
            envs = files.toList();
        }
        assertThat(envs).as("the agent ran").isNotEmpty();
        for (Path env : envs) {
            Map<String, String> vars = AlertAgentsTest.readEnv(env);
            assertThat(Files.readString(env)).doesNotContain(secret);
            assertThat(vars.keySet()).as("nothing of Lifeboat's environment but " + AlertEnvironment.INHERITED)
                    .allMatch(k -> k.startsWith("CRM_alert_") || k.startsWith("LIFEBOAT_alert_")
                            || AlertEnvironment.INHERITED.contains(k) || k.equals("PWD") || k.equals("SHLVL")
                            || k.equals("_"));
        }
        assertThat(envs.stream().map(AlertSecretsTest::read)).anyMatch(t -> t.contains("CRM_alert_task=FENCING_FAILED"));
        assertThat(log.lines()).as("the capture is real: the failed fence and the alert are in it")
                .anyMatch(l -> l.contains("FENCE_HOST host/h1 -> FAILED"))
                .anyMatch(l -> l.contains("alert agent dump_env for FENCING_FAILED host/h1 DELIVERED"))
                .noneMatch(l -> l.contains(secret));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }
}
