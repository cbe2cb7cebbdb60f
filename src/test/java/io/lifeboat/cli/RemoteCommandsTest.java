package io.lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.lifeboat.simulate.Plan;
import io.lifeboat.simulate.PlanText;

/** apply, export and what-if are HTTP clients: checked against a loopback server that records what it is sent. */
class RemoteCommandsTest {
    private static final String PLAN = """
            {"actions":[{"at":12.0,"type":"FENCE_HOST","host":"h3","level":1,"agent":"fence_ipmilan",
              "outcome":"SUCCEEDED","rule":"failover.fence-unresponsive-host","reason":"h3 missed heartbeats"}],
             "vms":[{"name":"db1","state":"RUNNING","host":"h1"}],"hosts":[{"name":"h3","state":"FENCED",
              "memoryUsedMiB":0,"vcpusUsed":0}],"violations":[],"advice":[]}
            """;

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<Exchange> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";
    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** What the server was sent. */
    record Exchange(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            try (InputStream body = exchange.getRequestBody()) {
                received.add(new Exchange(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                        new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        env.put("LIFEBOAT_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
        env.put("LIFEBOAT_USER", "ops");
        env.put("LIFEBOAT_PASSWORD", "s3cret-pass");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void applyJson_putsTheFileAsJsonWithBasicAuthAndIfMatch_andPrintsTheAnswer() throws IOException {
        Path file = Files.writeString(dir.resolve("cluster.json"), "{\"cluster\":{\"name\":\"prod\"}}");
        answer = "{\"added\":{\"hosts\":[\"h1\"]}}";

        assertThat(run("apply", file.toString(), "--if-match", "7")).isZero();

        Exchange sent = received.get(0);
        assertThat(sent.method()).isEqualTo("PUT");
        assertThat(sent.path()).isEqualTo("/api/v1/cluster");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("If-Match")).isEqualTo("\"7\"");
        assertThat(sent.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("ops:s3cret-pass".getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.body()).isEqualTo("{\"cluster\":{\"name\":\"prod\"}}");
        assertThat(out()).isEqualTo(answer + "\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void applyYaml_isSentAsYamlWithTheBearerToken_andNoIfMatchUnlessAsked() throws IOException {
        Path file = Files.writeString(dir.resolve("cluster.yaml"), "cluster:\n  name: prod\n");
        env.put("LIFEBOAT_TOKEN", "eyJ.token.sig");

        assertThat(run("apply", file.toString())).isZero();

        Exchange sent = received.get(0);
        assertThat(sent.header("Content-Type")).isEqualTo("application/yaml");
        assertThat(sent.header("Authorization")).as("a token wins over a user").isEqualTo("Bearer eyJ.token.sig");
        assertThat(sent.header("If-Match")).isNull();
        assertThat(sent.body()).isEqualTo("cluster:\n  name: prod\n");
    }

    @Test
    void export_getsJsonOrYamlAndPrintsIt() {
        answer = "cluster:\n  name: prod\n";

        assertThat(run("export", "--yaml")).isZero();
        assertThat(run("export")).isZero();

        assertThat(received).extracting(Exchange::method, Exchange::path)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("GET", "/api/v1/cluster"));
        assertThat(received.get(0).header("Accept")).isEqualTo("application/yaml");
        assertThat(received.get(1).header("Accept")).isEqualTo("application/json");
        assertThat(out()).isEqualTo(answer + answer);
    }

    @Test
    void withCluster_eachCommandUsesThatClustersPaths() throws IOException {
        Path file = Files.writeString(dir.resolve("events.yaml"), "events:\n  - {at: 0, type: HOST_DOWN, host: h3}\n");
        answer = "{}";

        assertThat(run("export", "--cluster", "edge-2")).isZero();
        assertThat(run("apply", file.toString(), "--cluster", "edge-2")).isZero();

        assertThat(received).extracting(Exchange::method, Exchange::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", "/api/v1/clusters/edge-2/cluster"),
                org.assertj.core.groups.Tuple.tuple("PUT", "/api/v1/clusters/edge-2/cluster"));
        answer = PLAN;
        assertThat(run("what-if", file.toString(), "--cluster", "edge-2")).isZero();
        assertThat(received.get(2).path()).isEqualTo("/api/v1/clusters/edge-2/cluster/what-if");
    }

    @Test
    void whatIf_postsTheEventsAndPrintsThePlan_orRendersItWithText() throws IOException {
        Path file = Files.writeString(dir.resolve("events.yaml"), "events:\n  - {at: 0, type: HOST_DOWN, host: h3}\n");
        answer = PLAN;

        assertThat(run("what-if", file.toString())).isZero();
        assertThat(out()).isEqualTo(PLAN);
        out.reset();
        assertThat(run("what-if", file.toString(), "--text")).isZero();

        Exchange sent = received.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v1/cluster/what-if");
        assertThat(sent.header("Content-Type")).isEqualTo("application/yaml");
        assertThat(sent.body()).isEqualTo("events:\n  - {at: 0, type: HOST_DOWN, host: h3}\n");
        String expected = PlanText.render(new ObjectMapper().readValue(PLAN, Plan.class));
        assertThat(out()).isEqualTo(expected).contains("Fence (off) h3").contains("db1 RUNNING on h1");
    }

    @Test
    void refusal_printsCodeFieldAndMessageFromTheEnvelope_andExits1() throws IOException {
        Path file = Files.writeString(dir.resolve("cluster.json"), "{}");
        status = 400;
        answer = "{\"code\":\"INVALID_DOCUMENT\",\"message\":\"not a libvirt URI\",\"field\":\"/hosts/0/uri\"}";

        assertThat(run("apply", file.toString())).isEqualTo(1);

        assertThat(err()).isEqualTo("lifeboat: INVALID_DOCUMENT at /hosts/0/uri: not a libvirt URI\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void refusalWithoutField_andAnswerThatIsNoEnvelope_areReportedToo() {
        status = 401;
        answer = "{\"code\":\"UNAUTHORIZED\",\"message\":\"credentials are required\",\"field\":null}";
        assertThat(run("export")).isEqualTo(1);
        status = 502;
        answer = "Bad gateway\nfrom the proxy";
        assertThat(run("export")).isEqualTo(1);

        assertThat(err()).isEqualTo("lifeboat: UNAUTHORIZED: credentials are required\n"
                + "lifeboat: HTTP_502: Bad gateway\n");
    }

    @Test
    void nobodyListening_isAClearMessageAndExit1() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        env.put("LIFEBOAT_URL", "http://127.0.0.1:" + port);

        assertThat(run("export")).isEqualTo(1);

        assertThat(err()).contains("cannot connect to Lifeboat at http://127.0.0.1:" + port).contains("LIFEBOAT_URL");
    }

    @Test
    void missingFile_isExit1AndNothingIsSent() {
        assertThat(run("apply", dir.resolve("nope.yaml").toString())).isEqualTo(1);

        assertThat(err()).startsWith("lifeboat: ").contains("nope.yaml");
        assertThat(received).isEmpty();
    }

    private int run(String... args) {
        return LifeboatMain.run(List.of(args), new Terminal(InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, work -> {
                    throw new AssertionError("no database here");
                }));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
