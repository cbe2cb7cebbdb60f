package io.lifeboat;

import static io.lifeboat.testing.ApiUsers.admin;
import static io.lifeboat.testing.ApiUsers.anonymous;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@code lifeboat user} as an operator runs it: the packaged jar in command mode, writing the database of the running
 * service (which keeps its HTTP port to itself); the user then signs in to the service.
 */
@QuarkusIntegrationTest
class UserCliIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    record Run(int exit, String out, String err) {
    }

    @Test
    void userAdd_inCommandModeNextToTheService_theUserSignsIn_andListPrintsOnlyTheTable() throws Exception {
        Run add = lifeboat("kim-password\n", "user", "add", "kim", "--role", "operator", "--password-stdin");

        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).isEqualTo("added kim with roles operator\n");
        anonymous().auth().preemptive().basic("kim", "kim-password").get("/api/v1/status").then().statusCode(200);

        Run list = lifeboat("", "user", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().lines().toList()).as("nothing but the table on stdout")
                .allMatch(line -> line.matches("\\S+ +[a-z,-]+")).anyMatch(line -> line.startsWith("kim "));

        Run refused = lifeboat("", "user", "remove", "admin");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("lifeboat: LAST_ADMIN: ");
        admin().queryParam("subject", "user/kim").get("/api/v1/journal").then().statusCode(200)
                .body("entries[0].actor", org.hamcrest.Matchers.startsWith("cli:"));
    }

    /** Runs the jar with the integration tests' database (profile "it" cleans it at start, so it is not used here). */
    private static Run lifeboat(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.datasource.jdbc.url=jdbc:mariadb://127.0.0.1:3306/test",
                "-Dquarkus.datasource.username=root",
                "-Dlifeboat.security.bcrypt-cost=4",
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("lifeboat-cli", ".out");
        Path err = Files.createTempFile("lifeboat-cli", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the command ends").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
