package io.lifeboat.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.Explanation;

/** Alert agents as Pacemaker runs them, with real shell scripts in a temporary directory. */
class AlertAgentsTest {
    private static final Instant AT = Instant.parse("2026-03-04T05:06:07.123456Z");
    private static final DateTimeFormatter PACEMAKER_DEFAULT = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    @TempDir
    Path dir;
    private Path agents;
    private final List<String> deliveries = Collections.synchronizedList(new ArrayList<>());
    private final LogCapture log = new LogCapture();
    private AlertAgents alertAgents;

    @BeforeEach
    void agentsDirectory() throws IOException {
        agents = Files.createDirectory(dir.resolve("agents"));
        log.start();
    }

    @AfterEach
    void close() {
        log.stop();
        if (alertAgents != null) {
            alertAgents.close();
        }
    }

    @Test
    void everyVariableArrives_PacemakerNamesAndLifeboatOnes_onceForEachRecipient() throws IOException {
        agent("dump", "env | grep -E '^(CRM_alert|LIFEBOAT_alert)_' | sort > \"" + dir + "/$CRM_alert_recipient.env\"");
        AlertAgents.Delivery delivery = agents(Duration.ofSeconds(10), List.of("ops", "oncall"))
                .deliver(alert("host/h3", "FENCING_FAILED", "every fence level of h3 failed"));

        assertThat(delivery.ran()).as("one agent, two recipients").isEqualTo(2);
        assertThat(delivery.failed()).isZero();
        assertThat(deliveries).containsExactly("fencing/DELIVERED", "fencing/DELIVERED");
        Map<String, String> env = readEnv(dir.resolve("ops.env"));
        assertThat(env).containsEntry("CRM_alert_kind", "fencing")
                .containsEntry("CRM_alert_version", "1.2.3")
                .containsEntry("CRM_alert_recipient", "ops")
                .containsEntry("CRM_alert_node_sequence", "1")
                .containsEntry("CRM_alert_timestamp", "05:06:07.123456")
                .containsEntry("CRM_alert_timestamp_epoch", Long.toString(AT.getEpochSecond()))
                .containsEntry("CRM_alert_timestamp_usec", "123456")
                .containsEntry("CRM_alert_node", "h3")
                .containsEntry("CRM_alert_rsc", "")
                .containsEntry("CRM_alert_task", "FENCING_FAILED")
                .containsEntry("CRM_alert_desc", "every fence level of h3 failed")
                .containsEntry("LIFEBOAT_alert_code", "FENCING_FAILED")
                .containsEntry("LIFEBOAT_alert_subject", "host/h3")
                .containsEntry("LIFEBOAT_alert_reason", "every fence level of h3 failed")
                .containsEntry("LIFEBOAT_alert_rule", "failover.alert-fencing-blocked")
                .containsEntry("LIFEBOAT_alert_key", "k-host/h3");
        assertThat(readEnv(dir.resolve("oncall.env"))).containsEntry("CRM_alert_recipient", "oncall");
    }

    @Test
    void vmAlert_isAResourceAlert_andTheSequenceGrowsPerAlert() throws IOException {
        agent("dump", "env | grep '^CRM_alert_' | sort > \"" + dir + "/$LIFEBOAT_alert_code.env\"");
        AlertAgents agents = agents(Duration.ofSeconds(10), List.of());
        agents.deliver(alert("host/h1", "FENCE_ACK_REFUSED", "refused"));
        agents.deliver(alert("vm/db1", "VM_SHUT_DOWN", "db1 was shut down\non h1"));

        Map<String, String> env = readEnv(dir.resolve("VM_SHUT_DOWN.env"));
        assertThat(env).containsEntry("CRM_alert_kind", "resource").containsEntry("CRM_alert_rsc", "db1")
                .containsEntry("CRM_alert_node", "").containsEntry("CRM_alert_recipient", "")
                .containsEntry("CRM_alert_node_sequence", "2")
                .as("one line per value, so that an agent can write one line per alert")
                .containsEntry("CRM_alert_desc", "db1 was shut down on h1");
    }

    @Test
    void agentThatHangs_isKilledAfterTheTimeout_andAFailingOne_isCounted_andTheOthersStillRun() throws Exception {
        Path childPid = dir.resolve("child.pid");
        agent("a-hangs", "sleep 60 & echo $! > " + childPid + "; wait");
        agent("b-fails", "echo 'mail server refused' >&2; exit 2");
        agent("c-writes", "echo \"$CRM_alert_task\" >> " + dir + "/delivered");
        Files.writeString(agents.resolve("d-not-executable"), "#!/bin/sh\ntouch " + dir + "/ran-anyway\n");
        agent(".hidden", "touch " + dir + "/ran-anyway");

        long start = System.nanoTime();
        AlertAgents.Delivery delivery = agents(Duration.ofSeconds(1), List.of())
                .deliver(alert("cluster/prod", "FENCING_SUSPENDED", "3 of 4 hosts are silent"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("side by side, each within the timeout")
                .isLessThan(Duration.ofSeconds(8));
        assertThat(delivery.runs()).extracting(AlertAgents.Run::agent, AlertAgents.Run::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a-hangs", DeliveryOutcome.TIMED_OUT),
                org.assertj.core.groups.Tuple.tuple("b-fails", DeliveryOutcome.FAILED),
                org.assertj.core.groups.Tuple.tuple("c-writes", DeliveryOutcome.DELIVERED));
        assertThat(delivery.summary()).startsWith("3 alert agent run(s), 2 failed: a-hangs: no end within 1000 ms")
                .contains("b-fails: exit code 2");
        assertThat(Files.readString(dir.resolve("delivered"))).isEqualTo("FENCING_SUSPENDED\n");
        assertThat(dir.resolve("ran-anyway")).as("neither a hidden file nor a non-executable is an agent")
                .doesNotExist();
        assertThat(deliveries).containsExactlyInAnyOrder("fencing/TIMED_OUT", "fencing/FAILED", "fencing/DELIVERED");
        long child = Long.parseLong(Files.readString(childPid).strip());
        // SIGKILL is sent; the kernel and init take a moment to finish the re-parented child.
        await("the hanging agent's child was killed with it").atMost(Duration.ofSeconds(5))
                .until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
        assertThat(log.lines()).as("the failing agent's stderr reaches the log")
                .anyMatch(l -> l.contains("b-fails") && l.contains("FAILED") && l.contains("mail server refused"));
    }

    @Test
    void handlerOutcome_saysHowManyRanAndFailed() throws IOException {
        agent("ok", "exit 0");
        agent("ko", "exit 1");
        AlertAgentHandler handler = new AlertAgentHandler(agents(Duration.ofSeconds(5), List.of()));

        ActionOutcome outcome = handler.execute(alert("vm/db1", "VM_SHUT_DOWN", "db1 was shut down"));

        assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(outcome.message()).isEqualTo("2 alert agent run(s), 1 failed: ko: exit code 1");
        assertThat(handler.timeNeeded(alert("vm/db1", "X", "y"))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void noDirectoryOrAnEmptyOne_theAlertIsLoggedAndCountedAsNoAgent() throws IOException {
        AlertAgentHandler none = new AlertAgentHandler(AlertAgents.logOnly());
        ActionOutcome outcome = none.execute(alert("vm/db1", "VM_SHUT_DOWN", "db1 was shut down"));
        assertThat(outcome.status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(outcome.message()).isEqualTo("logged; no alert agent is configured");

        AlertAgents.Delivery empty = agents(Duration.ofSeconds(5), List.of())
                .deliver(alert("vm/db1", "VM_SHUT_DOWN", "db1 was shut down"));
        assertThat(empty.ran()).isZero();
        assertThat(deliveries).containsExactly("resource/NO_AGENT");
        assertThat(log.lines()).anyMatch(l -> l.contains("ALERT VM_SHUT_DOWN vm/db1: db1 was shut down"));
    }

    @Test
    void theShippedSampleAgent_writesOneLinePerAlertToTheRecipientFile() throws IOException {
        Path sample = Path.of("deployment/alerts/alert_file.sh").toAbsolutePath();
        Files.copy(sample, agents.resolve("alert_file.sh"));
        Path file = dir.resolve("alerts.log");
        AlertAgents agents = agents(Duration.ofSeconds(10), List.of(file.toString()));

        agents.deliver(alert("host/h1", "FENCING_FAILED", "every fence level of h1 failed"));
        agents.deliver(alert("vm/db1", "VM_SHUT_DOWN", "db1 was shut down on h1"));

        assertThat(Files.readAllLines(file)).containsExactly(
                "05:06:07.123456 Fencing h1: FENCING_FAILED - every fence level of h1 failed"
                        + " [failover.alert-fencing-blocked]",
                "05:06:07.123456 VM db1: VM_SHUT_DOWN - db1 was shut down on h1 [failover.alert-fencing-blocked]");
    }

    private AlertAgents agents(Duration timeout, List<String> recipients) {
        alertAgents = new AlertAgents(new AlertAgents.Settings(Optional.of(agents), timeout, recipients,
                PACEMAKER_DEFAULT, "1.2.3"), Clock.fixed(AT, ZoneOffset.UTC),
                (kind, outcome) -> deliveries.add(kind.value() + "/" + outcome));
        return alertAgents;
    }

    private void agent(String name, String body) throws IOException {
        Path file = agents.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    static Alert alert(String subject, String code, String reason) {
        Alert alert = new Alert(subject, code, reason);
        alert.assign("k-" + subject, new Explanation("failover.alert-fencing-blocked", "rule", List.of()));
        return alert;
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }
}
