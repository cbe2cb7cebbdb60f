package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.anonymous;
import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Alerts that reach people, and metrics that count real events, on the demo cluster: the shipped sample agent
 * (deployment/alerts/alert_file.sh) writes each live alert to the recipient file, /q/metrics counts the decisions,
 * actions and deliveries, and a fenced host shows in the hosts gauge. A simulation with alerts runs no agent and
 * counts nothing.
 */
@QuarkusTest
@TestProfile(MetricsAndAlertsTest.AlertsProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsAndAlertsTest {
    private static final Path DIR = Path.of("target/test-alerts").toAbsolutePath();
    private static final Path AGENTS = DIR.resolve("agents");
    private static final Path RECIPIENT = DIR.resolve("alerts.log");
    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class AlertsProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(AGENTS);
                Files.copy(Path.of("deployment/alerts/alert_file.sh"), AGENTS.resolve("alert_file.sh"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(RECIPIENT);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("lifeboat.demo.enabled", "true",
                    "lifeboat.demo.dir", "target/test-demo-metrics",
                    "lifeboat.demo.heartbeat-timeout", "3s",
                    "lifeboat.monitor.interval", "1s",
                    "lifeboat.alerts.dir", AGENTS.toString(),
                    "lifeboat.alerts.recipients", RECIPIENT.toString(),
                    "lifeboat.alerts.timeout", "10s");
        }
    }

    @Test
    @Order(1)
    void metrics_needAViewer_andListEveryLabelAtZeroFromTheStart() {
        anonymous().get("/q/metrics").then().statusCode(401);
        String text = metrics();
        for (String state : List.of("UP", "SUSPECT", "FENCING", "FENCED", "DOWN", "MAINTENANCE")) {
            assertThat(text).contains("lifeboat_hosts{state=\"" + state + "\"}");
        }
        assertThat(text).contains("lifeboat_vms_blocked{reason=\"NOT_FENCED\"}")
                .contains("lifeboat_actions_total{outcome=\"SUCCEEDED\",type=\"FENCE_HOST\"}")
                .contains("lifeboat_fence_duration_seconds_count{outcome=\"SUCCEEDED\"}")
                .contains("lifeboat_alerts_total{kind=\"fencing\",outcome=\"DELIVERED\"}")
                .contains("lifeboat_policy_reloads_total{outcome=\"APPLIED\"}");
        await().atMost(WAIT).until(() -> value(metrics(), "lifeboat_hosts", "state", "UP") == 3);
    }

    @Test
    @Order(2)
    void liveAlert_reachesTheSampleAgentsFile_andIsCounted() throws IOException {
        String before = metrics();

        // An acknowledgement for h2, which answers: refused, and the rules alert FENCE_ACK_REFUSED.
        operator().post("/api/v1/hosts/h2/fence/ack").then().statusCode(409);

        await().atMost(WAIT).until(() -> Files.exists(RECIPIENT) && Files.readString(RECIPIENT).contains("h2"));
        assertThat(Files.readAllLines(RECIPIENT)).singleElement().asString()
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} Fencing h2: FENCE_ACK_REFUSED - .*acknowledged h2 as powered off,"
                        + " refused.* \\[failover\\.fence-ack-refused]");
        await().atMost(WAIT).untilAsserted(() -> {
            String after = metrics();
            assertThat(delta(before, after, "lifeboat_alerts_total", "kind", "fencing", "outcome", "DELIVERED"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "lifeboat_actions_total", "type", "ALERT", "outcome", "SUCCEEDED"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "lifeboat_decisions_total", "rule", "failover.fence-ack-refused"))
                    .isEqualTo(1);
        });
        viewer().queryParam("type", "ALERT").get("/api/v1/journal").then().statusCode(200)
                .body("entries.outcome", hasItem("1 alert agent run(s), 0 failed"));
    }

    @Test
    @Order(4)
    void simulationWithAlertsAndFences_runsNoAgent_andCountsNothing() throws IOException {
        String before = metrics();
        String alertsBefore = Files.readString(RECIPIENT);
        byte[] scenario = Files.readAllBytes(Path.of("src/test/resources/scenarios/fence-ack-refused-for-answering-host.yaml"));

        String plan = viewer().contentType("application/yaml").body(scenario).post("/api/v1/simulate")
                .then().statusCode(200).extract().asString();

        assertThat(plan).as("the plan has alerts and a fence").contains("FENCE_ACK_REFUSED").contains("FENCING_FAILED");
        String after = metrics();
        assertThat(Files.readString(RECIPIENT)).as("no agent ran").isEqualTo(alertsBefore);
        assertThat(delta(before, after, "lifeboat_decisions_total", "rule", "failover.fence-ack-refused")).isZero();
        assertThat(delta(before, after, "lifeboat_actions_total", "type", "FENCE_HOST", "outcome", "FAILED")).isZero();
        assertThat(delta(before, after, "lifeboat_actions_total", "type", "ALERT", "outcome", "SUCCEEDED")).isZero();
        assertThat(delta(before, after, "lifeboat_alerts_total", "kind", "fencing", "outcome", "DELIVERED")).isZero();
    }

    @Test
    @Order(3)
    void hostFailsAndIsFenced_actionsFenceDurationAndHostsGaugeFollow() {
        String before = metrics();

        operator().post("/api/v1/demo/hosts/h1/fail").then().statusCode(200);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String after = metrics();
            assertThat(delta(before, after, "lifeboat_actions_total", "type", "FENCE_HOST", "outcome", "SUCCEEDED"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "lifeboat_decisions_total", "rule", "failover.fence-unresponsive-host"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "lifeboat_fence_duration_seconds_count", "outcome", "SUCCEEDED"))
                    .isEqualTo(1);
            assertThat(value(after, "lifeboat_fence_duration_seconds_sum", "outcome", "SUCCEEDED")).isPositive();
            assertThat(value(after, "lifeboat_hosts", "state", "FENCED")).isEqualTo(1);
            assertThat(value(after, "lifeboat_hosts", "state", "UP")).isEqualTo(2);
        });
    }

    @Test
    @Order(5)
    void policyReload_isCountedByOutcome() {
        String before = metrics();
        io.lifeboat.testing.ApiUsers.policyAdmin().post("/api/v1/policies/reload").then().statusCode(200);
        assertThat(delta(before, metrics(), "lifeboat_policy_reloads_total", "outcome", "APPLIED")).isEqualTo(1);
    }

    private static String metrics() {
        return viewer().get("/q/metrics").then().statusCode(200).extract().body().asString();
    }

    private static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    /** The value of one sample of the Prometheus text: the line of {@code name} holding every given label. */
    static double value(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= m.group(1).contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
