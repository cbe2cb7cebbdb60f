package io.lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.lifeboat.api.ConfigurationProfile;
import io.lifeboat.api.Roles;
import io.lifeboat.testing.ApiUsers;
import io.lifeboat.testing.TestClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** lifeboat apply, export and what-if against the running service, as an operator would use them. */
@QuarkusTest
@TestProfile(ConfigurationProfile.class)
class RemoteCommandsAgainstServiceTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void applyYamlThenExportThenApplyTheExport_changesNothingTheSecondTime_andWhatIfPlans() throws Exception {
        ApiUsers.operator().get("/api/v1/status").then().statusCode(200);
        Path dir = Files.createDirectories(Path.of("target/test-cli").toAbsolutePath());
        Path cluster = dir.resolve("cluster.yaml");
        new YAMLMapper().writeValue(cluster.toFile(), TestClusters.threeHosts(dir, 300));

        assertThat(run("apply", cluster.toString())).as(err()).isZero();
        assertThat(run("export", "--yaml")).as(err()).isZero();
        String exported = out();
        assertThat(exported).contains("********").doesNotContain(TestClusters.IPMI_PASSWORD);
        Path again = Files.writeString(dir.resolve("exported.yaml"), exported);
        assertThat(run("apply", again.toString())).as(err()).isZero();
        assertThat(new ObjectMapper().readTree(out()).get("changed").asBoolean()).isFalse();

        Path events = Files.writeString(dir.resolve("events.yaml"), "events:\n  - {at: 0, type: HOST_DOWN, host: h1}\n");
        assertThat(run("what-if", events.toString(), "--text")).as(err()).isZero();
        assertThat(out()).contains("h1").contains("FENCED");

        Path broken = Files.writeString(dir.resolve("broken.yaml"), exported.replace("memoryMiB: 32768", "memoryMiB: -5"));
        assertThat(run("apply", broken.toString())).isEqualTo(1);
        assertThat(err()).contains("INVALID_CLUSTER").contains("/hosts/0/memoryMiB");
    }

    @Test
    void aClientThatLoggedIn_sendsItsCookieInsteadOfThePassword_andAWrongPasswordIsRefused() throws Exception {
        LifeboatClient client = new LifeboatClient(terminal(Roles.OPERATOR, ApiUsers.password(Roles.OPERATOR)));
        assertThatCode(client::logIn).as(this::err).doesNotThrowAnyException();
        assertThat(client.loggedIn()).as("the next requests carry the cookie, not the password").isTrue();

        String session = client.send("GET", "/api/v1/session", Map.of(), null).body();
        assertThat(new ObjectMapper().readTree(session).get("user").asText()).isEqualTo(Roles.OPERATOR);
        client.send("POST", "/api/v1/session/logout", Map.of(), null);
        assertThatThrownBy(() -> client.send("GET", "/api/v1/session", Map.of(), null))
                .as("logged out: the cookie no longer counts").isInstanceOf(LifeboatClient.Failed.class);

        LifeboatClient wrong = new LifeboatClient(terminal(Roles.OPERATOR, "not-the-password"));
        assertThatThrownBy(wrong::logIn).isInstanceOf(LifeboatClient.Failed.class);
        assertThat(err()).contains("UNAUTHORIZED");
    }

    private Terminal terminal(String user, String password) {
        Map<String, String> env = Map.of("LIFEBOAT_URL", "http://localhost:" + port, "LIFEBOAT_USER", user,
                "LIFEBOAT_PASSWORD", password);
        return new Terminal(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, work -> {
                    throw new IllegalStateException("not a database command");
                });
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return LifeboatMain.run(List.of(args), terminal(Roles.OPERATOR, ApiUsers.password(Roles.OPERATOR)));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
