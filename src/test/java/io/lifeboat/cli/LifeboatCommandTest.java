package io.lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: usage errors exit 2 with the usage, refusals of the input exit 1, help exits 0. */
class LifeboatCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void help_listsEveryCommand() {
        assertThat(run("help")).isZero();

        assertThat(out()).contains("simulate", "validate", "docs", "bench", "user", "apply", "export", "what-if",
                "LIFEBOAT_URL");
    }

    @Test
    void missingFileArgument_unknownOptionAndUnknownCommand_areUsageErrors() {
        assertThat(run("simulate")).isEqualTo(2);
        assertThat(run("simulate", "a.yaml", "--colour")).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);

        assertThat(err()).contains("lifeboat: Missing required parameter: 'FILE'")
                .contains("lifeboat: Unknown option: '--colour'")
                .contains("Usage: lifeboat simulate");
    }

    @Test
    void userAddWithoutAPassword_isAUsageErrorAndTheDatabaseIsNotTouched() {
        assertThat(run("user", "add", "carol", "--role", "viewer")).isEqualTo(2);
        assertThat(run("user", "add", "carol", "--role", "viewer", "--password-stdin")).isEqualTo(2);

        assertThat(err()).contains("give the password with --password-stdin or in LIFEBOAT_NEW_PASSWORD")
                .contains("no password on standard input");
    }

    @Test
    void userAddWithoutARole_isAUsageError() {
        assertThat(run("user", "add", "carol")).isEqualTo(2);

        assertThat(err()).contains("Missing required option: '--role=ROLE'");
    }

    @Test
    void simulateOfABadScenario_namesTheFieldAndExits1() throws Exception {
        Path scenario = Files.writeString(dir.resolve("bad.json"), "{\"cluster\":{\"name\":\"c\",\"colour\":\"red\"}}");

        assertThat(run("simulate", scenario.toString())).isEqualTo(1);

        assertThat(err()).startsWith("lifeboat: invalid scenario at /cluster/colour: ");
    }

    @Test
    void validateOfABrokenRuleFile_reportsItAndExits1() throws Exception {
        Path drl = Files.writeString(dir.resolve("broken.drl"), """
                package io.lifeboat.rules;
                import io.lifeboat.facts.*;
                rule "Broken" @id("site.broken") @description("x")
                when
                    Host( state == )
                then
                end
                """);

        assertThat(run("validate", drl.toString())).isEqualTo(1);

        assertThat(out()).contains("\"valid\" : false").contains("operator/broken.drl");
    }

    private int run(String... args) {
        return LifeboatMain.run(List.of(args), new Terminal(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), work -> {
                    throw new AssertionError("the database must not be reached");
                }));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
