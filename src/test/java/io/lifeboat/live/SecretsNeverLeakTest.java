package io.lifeboat.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.lifeboat.actions.PowerLedger;
import io.lifeboat.facts.ClusterMode;
import io.lifeboat.facts.ClusterUsage;
import io.lifeboat.facts.Hypervisor;
import io.lifeboat.fencing.IpmiSimBmc;
import io.lifeboat.hypervisor.LibvirtDriver;
import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.simulate.Scenario.ClusterSpec;
import io.lifeboat.simulate.Scenario.EventSpec;
import io.lifeboat.simulate.Scenario.EventType;
import io.lifeboat.simulate.Scenario.FenceLevelSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.HostSpecState;
import io.lifeboat.simulate.Scenario.VmSpec;
import io.lifeboat.simulate.Scenario.VmSpecState;
import io.lifeboat.store.JournalEntry;
import io.lifeboat.testing.ApiUsers;
import io.lifeboat.testing.BmcPoweredHosts;
import io.lifeboat.testing.ResponseRecorder;
import io.lifeboat.testing.TestHosts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Fence passwords are write-only: a run that applies a cluster with them, exports it, reads every host, fence-tests
 * a host, applies a wrong password (so that the agent fails and says why) and really fences two silent hosts (one
 * with success, one with the wrong password) shows none of them in any HTTP response (status line, headers, body),
 * any line of the whole log at DEBUG, or the journal that explanations and the status are made of. The secrets are
 * random, so that a hit can only be a leak.
 */
@QuarkusTest
@TestProfile(SecretsLogProfile.class)
class SecretsNeverLeakTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FAILOVER = Duration.ofSeconds(60);
    private static final String MASK = "********";

    @Inject
    LibvirtDriver driver;
    @Inject
    PowerLedger ledger;

    private final ResponseRecorder recorder = new ResponseRecorder();
    private BmcPoweredHosts hosts;

    @AfterEach
    void stopTheBmcs() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void noFenceSecretReachesAResponseALogLineOrTheJournal_throughApplyExportFenceTestWrongPasswordAndFencing()
            throws Exception {
        assumeTrue(IpmiSimBmc.onPath("fence_ipmilan"), "fence_ipmilan not installed (apt-get install fence-agents)");
        assumeTrue(IpmiSimBmc.installed(), "ipmi_sim/ipmitool not installed (apt-get install openipmi ipmitool)");
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String host : List.of("h1", "h2", "h3")) {
            passwords.put(host, secret());
        }
        String wrongPassword = secret();
        List<String> secrets = new ArrayList<>(passwords.values());
        secrets.add(wrongPassword);
        hosts = BmcPoweredHosts.start(driver, ledger, passwords);

        // Apply, then every way of reading the configuration back.
        ClusterDocument document = document(Path.of("target/secrets-never-leak/hosts").toAbsolutePath());
        operator().contentType(ContentType.JSON).body(JSON.writeValueAsString(document)).put("/api/v1/cluster")
                .then().statusCode(200);
        Response json = viewer().accept(ContentType.JSON).get("/api/v1/cluster");
        json.then().statusCode(200).body("hosts[0].fencing[0].params.password", equalTo(MASK));
        String yaml = viewer().accept("application/yaml").get("/api/v1/cluster").then().statusCode(200)
                .body(containsString(MASK)).extract().asString();
        viewer().get("/api/v1/hosts").then().statusCode(200);
        for (String host : passwords.keySet()) {
            viewer().get("/api/v1/hosts/" + host).then().statusCode(200)
                    .body("fencing[0].params.password", equalTo(MASK));
        }
        viewer().get("/api/v1/vms").then().statusCode(200);
        viewer().get("/api/v1/cluster/settings").then().statusCode(200);
        viewer().get("/api/v1/fence-agents/fence_ipmilan").then().statusCode(200);
        // Export -> apply is a round trip through the mask, JSON and YAML.
        operator().contentType(ContentType.JSON).header("If-Match", json.header("ETag")).body(json.asString())
                .put("/api/v1/cluster").then().statusCode(200).body("changed", equalTo(false));
        operator().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/cluster").then().statusCode(200).body("changed", equalTo(false));

        // Documents refused with a secret in them, as operators get them wrong: the refusal says where, never the value.
        String sent = JSON.writeValueAsString(document);
        String h1 = "\"password\":\"" + passwords.get("h1") + "\"";
        for (String refused : List.of(
                sent.replace(h1, h1 + ",\"bogus\":\"x\""),
                sent.replace(h1, "\"password\":" + passwords.get("h1")),
                sent.replace(h1, "\"password\":[\"" + passwords.get("h1") + "\"]"),
                sent.replace(h1, "\"password\":{\"v\":\"" + passwords.get("h1") + "\"}"),
                sent.replace(h1, "\"password\":\"" + passwords.get("h1") + "\\nx\""),
                sent.replaceFirst("\"params\":\\{[^}]*}", "\"params\":\"ip=127.0.0.1 " + h1.replace("\"", "") + "\""))) {
            assertThat(refused).as("each case changes the document").isNotEqualTo(sent).contains(passwords.get("h1"));
            operator().contentType(ContentType.JSON).body(refused).put("/api/v1/cluster").then().statusCode(400);
        }
        String yamlWithSecrets = new YAMLMapper().writeValueAsString(document);
        String h1Yaml = "password: \"" + passwords.get("h1") + "\"";
        for (String refused : List.of(yamlWithSecrets.replace(h1Yaml, h1Yaml + " x"),
                yamlWithSecrets.replace(h1Yaml, "password: \"" + passwords.get("h1")),
                yamlWithSecrets.replace(h1Yaml, "password: " + passwords.get("h1") + ": x"))) {
            assertThat(refused).as("each case changes the document").isNotEqualTo(yamlWithSecrets);
            operator().contentType("application/yaml").body(refused.getBytes(StandardCharsets.UTF_8))
                    .put("/api/v1/cluster").then().statusCode(400);
        }

        // Simulate takes the same document as a scenario, passwords and all, and answers with a plan.
        viewer().contentType(ContentType.JSON).body(JSON.writeValueAsString(document.asScenario(List.of(
                new EventSpec(0.0, EventType.HOST_DOWN, "h1", null, null, null, null))))).post("/api/v1/simulate")
                .then().statusCode(200).body("hosts.find { it.name == 'h1' }.state", equalTo("FENCED"));

        // The fence test of a good device, then of a device whose password is wrong: the agent fails and says why.
        operator().post("/api/v1/hosts/h2/fence/test").then().statusCode(200).body("allAnswered", equalTo(true));
        operator().contentType(ContentType.JSON).body(JSON.writeValueAsString(withPassword(document.hosts().get(2),
                wrongPassword))).put("/api/v1/hosts/h3").then().statusCode(200);
        operator().post("/api/v1/hosts/h3/fence/test").then().statusCode(200)
                .body("allAnswered", equalTo(false)).body("devices[0].outcome", equalTo("FAILED"));
        viewer().get("/api/v1/hosts/h3").then().statusCode(200).body("fencing[0].params.password", equalTo(MASK));

        // h1 dies and is fenced; then h3 dies, and its fence fails on the wrong password.
        hosts.hang("h1");
        await("h1 fenced, vm1 restarted").atMost(FAILOVER).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonPath s = status();
            return "FENCED".equals(s.getString("hosts.find { it.name == 'h1' }.state"))
                    && "RUNNING".equals(s.getString("vms.find { it.name == 'vm1' }.state"));
        });
        hosts.hang("h3");
        // DOWN: silent, and its fence failed (BLOCKED alone shows as soon as it is silent).
        await("h3's fence failed, vm3 blocked").atMost(FAILOVER).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonPath s = status();
            return "DOWN".equals(s.getString("hosts.find { it.name == 'h3' }.state"))
                    && "BLOCKED".equals(s.getString("vms.find { it.name == 'vm3' }.state"));
        });

        // Everything there is to read about what happened.
        for (String path : List.of("/api/v1/status?actions=200", "/api/v1/violations", "/api/v1/explain/host/h1",
                "/api/v1/explain/host/h3", "/api/v1/explain/vm/vm1", "/api/v1/explain/vm/vm3", "/api/v1/cluster",
                "/api/v1/hosts")) {
            viewer().get(path).then().statusCode(200);
        }
        viewer().accept("application/yaml").get("/api/v1/cluster").then().statusCode(200);
        viewer().contentType(ContentType.JSON).body("{\"events\":[{\"at\":0,\"type\":\"HOST_DOWN\",\"host\":\"h2\"}]}")
                .post("/api/v1/cluster/what-if").then().statusCode(200);

        List<String> responses = recorder.responses();
        assertThat(responses).as("the recorder saw the fence test fail").anyMatch(r -> r.contains("\"FAILED\""));
        assertThat(leaks(responses, secrets)).as("responses holding a secret").isEmpty();
        List<String> journal = journalText();
        assertThat(journal).as("the journal holds both fences").anyMatch(t -> t.contains("FENCE_HOST host/h3 FAILED"));
        assertThat(leaks(journal, secrets)).as("journal entries holding a secret").isEmpty();
        List<String> log = wholeLog();
        // The capture is real: it holds both fences, and DEBUG lines of Lifeboat's own.
        assertThat(log).anyMatch(l -> l.contains("FENCE_HOST host/h1 -> SUCCEEDED"))
                .anyMatch(l -> l.contains("FENCE_HOST host/h3 -> FAILED"))
                .anyMatch(l -> l.contains("DEBUG") && l.contains("[io.lif"));
        assertThat(leaks(log, secrets)).as("log lines holding a secret").isEmpty();
    }

    /** Three hosts, each with its own BMC and password; vm1 and vm2 run on h1, vm3 on h3. */
    private ClusterDocument document(Path dir) throws IOException {
        List<HostSpec> hostSpecs = new ArrayList<>();
        Map<String, Map<String, Long>> domains = Map.of("h1", Map.of("vm1", 1024L, "vm2", 1024L),
                "h2", Map.of(), "h3", Map.of("vm3", 1024L));
        for (String host : List.of("h1", "h2", "h3")) {
            hostSpecs.add(new HostSpec(host, "RHEL", "6.4", Hypervisor.KVM, 16, 32768L, HostSpecState.UP, List.of(),
                    List.of(), Map.of(), List.of(new FenceLevelSpec(1, "fence_ipmilan", hosts.fenceParams(host))),
                    TestHosts.write(dir, host, 16, 32768, domains.get(host))));
        }
        List<VmSpec> vms = List.of(vm("vm1", "h1"), vm("vm2", "h1"), vm("vm3", "h3"));
        return new ClusterDocument(new ClusterSpec("secrets", ClusterMode.RHEL_HA, 1.0, 4.0, 1, 3, 0.5, null,
                ClusterUsage.STATIC, null, null, null), hostSpecs, vms, List.of());
    }

    private static VmSpec vm(String name, String host) {
        return new VmSpec(name, 1, 1024L, host, VmSpecState.RUNNING, true, true, 0, List.of(), List.of(), null, null,
                null, null, null);
    }

    private static HostSpec withPassword(HostSpec h, String password) {
        Map<String, String> params = new LinkedHashMap<>(h.fencing().get(0).params());
        params.put("password", password);
        return new HostSpec(h.name(), h.os(), h.osVersion(), h.hypervisor(), h.cpus(), h.memoryMiB(), h.state(),
                h.storage(), h.networks(), h.labels(), List.of(new FenceLevelSpec(1, "fence_ipmilan", params)), h.uri());
    }

    /** 16 random letters and digits: found in a text only if it was copied there. */
    private static String secret() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        return random.ints(16, 0, alphabet.length()).mapToObj(i -> String.valueOf(alphabet.charAt(i)))
                .collect(Collectors.joining());
    }

    private RequestSpecification viewer() {
        return ApiUsers.viewer().filter(recorder);
    }

    private RequestSpecification operator() {
        return ApiUsers.operator().filter(recorder);
    }

    private JsonPath status() {
        return viewer().get("/api/v1/status").then().statusCode(200).extract().jsonPath();
    }

    /** The texts that hold a secret, each cut to the part around it. */
    private static List<String> leaks(List<String> texts, List<String> secrets) {
        List<String> leaks = new ArrayList<>();
        for (String text : texts) {
            for (String secret : secrets) {
                int at = text.indexOf(secret);
                if (at >= 0) {
                    leaks.add("..." + text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 100)) + "...");
                }
            }
        }
        return leaks;
    }

    /** Every text column of every journal entry, one string per entry. */
    private static List<String> journalText() {
        return QuarkusTransaction.requiringNew().call(() -> JournalEntry.<JournalEntry>listAll().stream()
                .map(e -> String.join(" ", e.type, e.subject, String.valueOf(e.status), e.actionKey, e.ruleId,
                        e.reason, e.explanation, String.valueOf(e.outcomeMessage)))
                .toList());
    }

    /** Every line of the run's log file (and of any rotated piece of it). */
    private static List<String> wholeLog() throws IOException {
        Path file = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        assertThat(file).exists();
        try (Stream<Path> pieces = Files.list(file.toAbsolutePath().getParent())) {
            List<Path> mine = pieces.filter(p -> p.getFileName().toString().startsWith(file.getFileName().toString()))
                    .toList();
            List<String> lines = new ArrayList<>();
            for (Path piece : mine) {
                lines.addAll(Files.readAllLines(piece, StandardCharsets.UTF_8));
            }
            return lines;
        }
    }
}
