package io.lifeboat.api;

import static io.lifeboat.testing.ApiUsers.operator;
import static io.lifeboat.testing.ApiUsers.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.simulate.ClusterDocument;
import io.lifeboat.testing.TestClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Fuzz-style: well over a thousand bodies, each broken in a way the contract refuses (cut short, unknown fields,
 * wrong shapes, bad enums, nulls in lists, dangling references, duplicates, garbage), spread over every endpoint
 * that takes a body. Each must get a 4xx error envelope without a stack trace, and the cluster must not change.
 */
@QuarkusTest
@TestProfile(ConfigurationProfile.class)
class MalformedBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("lifeboat.fuzz.seed", 20261201L);
    private static final int PER_ENDPOINT = 100;
    /** String fields whose values are enum constants in the contract. */
    private static final Set<String> ENUMS = Set.of("mode", "hypervisor", "state", "recovery", "usage", "type");
    /** Objects whose keys are free: labels, and fence parameters (simulate does not check them against agents). */
    private static final Set<String> FREE_KEYS = Set.of("labels", "params");

    private record Endpoint(String method, String path, String contentType, JsonNode valid) {
    }

    @Test
    void everyMalformedBody_gets4xxEnvelope_andTheClusterIsUnchanged() throws Exception {
        ClusterDocument base = TestClusters.threeHosts(Path.of("target/test-fuzz").toAbsolutePath(), 300);
        operator().contentType(ContentType.JSON).body(JSON.writeValueAsString(base)).put("/api/v1/cluster")
                .then().statusCode(200);
        String before = viewer().accept(ContentType.JSON).get("/api/v1/cluster").asString();
        JsonNode document = JSON.readTree(JSON.writeValueAsString(base));
        JsonNode h1 = document.get("hosts").get(0);
        JsonNode db1 = document.get("vms").get(0);
        JsonNode fd = document.get("failoverDomains").get(0);
        JsonNode events = JSON.readTree("{\"events\":[{\"at\":0,\"type\":\"HOST_DOWN\",\"host\":\"h1\"},"
                + "{\"at\":5,\"type\":\"FENCE_DEVICE_FAULT\",\"host\":\"h1\",\"level\":1,\"mode\":\"FAIL\"}]}");
        List<Endpoint> endpoints = List.of(
                new Endpoint("PUT", "/api/v1/cluster", "application/json", document),
                new Endpoint("PUT", "/api/v1/cluster", "application/yaml", document),
                new Endpoint("PUT", "/api/v1/cluster/settings", "application/json", document.get("cluster")),
                new Endpoint("POST", "/api/v1/hosts", "application/json", renamed(h1, "h9")),
                new Endpoint("PUT", "/api/v1/hosts/h1", "application/json", h1),
                new Endpoint("POST", "/api/v1/vms", "application/json", renamed(db1, "db9")),
                new Endpoint("PUT", "/api/v1/vms/db1", "application/json", db1),
                new Endpoint("POST", "/api/v1/failover-domains", "application/json", renamed(fd, "fd9")),
                new Endpoint("PUT", "/api/v1/failover-domains/fd-db", "application/json", fd),
                new Endpoint("POST", "/api/v1/cluster/what-if", "application/json", events),
                new Endpoint("POST", "/api/v1/simulate", "application/json", scenario(document, events)));
        Random random = new Random(SEED);
        int sent = 0;
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (int i = 0; i < PER_ENDPOINT; i++) {
                byte[] body = malformed(endpoint, random);
                Response response = operator().contentType(endpoint.contentType()).body(body)
                        .request(endpoint.method(), endpoint.path());
                sent++;
                String text = response.asString();
                boolean envelope = response.statusCode() >= 400 && response.statusCode() < 500
                        && text.contains("\"code\"") && text.contains("\"message\"")
                        && !text.contains("Exception") && !text.contains("\tat ");
                if (!envelope) {
                    failures.add(endpoint.method() + " " + endpoint.path() + " -> " + response.statusCode() + " "
                            + text + " for: " + new String(body, StandardCharsets.UTF_8));
                }
            }
        }

        assertThat(sent).isGreaterThanOrEqualTo(1_000);
        assertThat(failures).as("seed %d: every malformed body is refused with a 4xx envelope", SEED).isEmpty();
        assertThat(viewer().accept(ContentType.JSON).get("/api/v1/cluster").asString())
                .as("seed %d: nothing changed", SEED).isEqualTo(before);
    }

    private static byte[] malformed(Endpoint endpoint, Random random) throws Exception {
        String valid = JSON.writeValueAsString(endpoint.valid());
        String text = switch (random.nextInt(10)) {
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1));
            case 1 -> mutate(endpoint.valid(), random, MalformedBodiesTest::unknownField);
            case 2 -> mutate(endpoint.valid(), random, MalformedBodiesTest::wrongShape);
            case 3 -> mutate(endpoint.valid(), random, MalformedBodiesTest::badEnum);
            case 4 -> mutate(endpoint.valid(), random, MalformedBodiesTest::nullInList);
            case 5 -> List.of("[]", "42", "\"cluster\"", "null", "true", "{}", "", " ").get(random.nextInt(8));
            case 6 -> valid + List.of("}", "x", "{}", ",").get(random.nextInt(4));
            case 7 -> garbage(random);
            case 8 -> mutate(endpoint.valid(), random, MalformedBodiesTest::negativeSize);
            default -> mutate(endpoint.valid(), random, MalformedBodiesTest::danglingReference);
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Applies one breaking change at a random place where it breaks; falls back to cutting the body short. */
    private static String mutate(JsonNode valid, Random random, Breaker breaker) throws Exception {
        JsonNode copy = valid.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collect(copy, null, containers);
        java.util.Collections.shuffle(containers, random);
        for (JsonNode node : containers) {
            if (breaker.breakAt(node, random)) {
                return JSON.writeValueAsString(copy);
            }
        }
        String text = JSON.writeValueAsString(valid);
        return text.substring(0, text.length() - 1);
    }

    @FunctionalInterface
    private interface Breaker {
        boolean breakAt(JsonNode container, Random random);
    }

    private static void collect(JsonNode node, String field, List<JsonNode> into) {
        if (node.isContainerNode() && (field == null || !FREE_KEYS.contains(field))) {
            into.add(node);
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), e.getKey(), into));
        } else if (node.isArray()) {
            node.forEach(e -> collect(e, null, into));
        }
    }

    private static boolean unknownField(JsonNode node, Random random) {
        if (!node.isObject()) {
            return false;
        }
        ((ObjectNode) node).put("zz" + random.nextInt(1000), random.nextInt());
        return true;
    }

    /** An object where a list is expected, or a list where an object is. */
    private static boolean wrongShape(JsonNode node, Random random) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getValue().isArray()) {
                ((ObjectNode) node).putObject(e.getKey());
                return true;
            }
            if (e.getValue().isObject()) {
                ((ObjectNode) node).putArray(e.getKey()).add(1);
                return true;
            }
        }
        return false;
    }

    private static boolean badEnum(JsonNode node, Random random) {
        return replaceField(node, f -> ENUMS.contains(f.getKey()) && f.getValue().isTextual(),
                JsonNodeFactory.instance.textNode("NOT_A_" + random.nextInt(100)));
    }

    private static boolean nullInList(JsonNode node, Random random) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        ((ArrayNode) node).insertNull(random.nextInt(node.size()));
        return true;
    }

    private static boolean negativeSize(JsonNode node, Random random) {
        return replaceField(node, f -> Set.of("cpus", "memoryMiB", "vcpus", "maxRestarts", "heartbeatTimeout",
                "memoryOvercommit", "at").contains(f.getKey()), JsonNodeFactory.instance.numberNode(-1 - random.nextInt(5)));
    }

    private static boolean danglingReference(JsonNode node, Random random) {
        return replaceField(node, f -> Set.of("host", "failoverDomain").contains(f.getKey()) && f.getValue().isTextual(),
                JsonNodeFactory.instance.textNode("nowhere-" + random.nextInt(100)));
    }

    private static boolean replaceField(JsonNode node, java.util.function.Predicate<Map.Entry<String, JsonNode>> match,
                                        JsonNode value) {
        if (!node.isObject()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (match.test(e)) {
                e.setValue(value);
                return true;
            }
        }
        return false;
    }

    private static String garbage(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        bytes[0] = (byte) ('!' + random.nextInt(20));
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static JsonNode renamed(JsonNode element, String name) {
        ObjectNode copy = element.deepCopy();
        copy.put("name", name);
        return copy;
    }

    private static JsonNode scenario(JsonNode document, JsonNode events) {
        ObjectNode scenario = document.deepCopy();
        scenario.set("events", events.get("events"));
        return scenario;
    }
}
