package io.lifeboat.cli;

import static io.lifeboat.testing.ApiUsers.anonymous;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lifeboat.security.UserAccounts;
import io.lifeboat.store.JournalEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * {@code lifeboat user ...} against MariaDB, through the same users bean the command-mode start gives the commands
 * (that start itself is covered by UserCliIT on the packaged jar). Users made here sign in over REST.
 */
@QuarkusTest
class UserCommandsTest {
    @Inject
    UserAccounts accounts;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";

    @Test
    void addWithPasswordFromStdin_theUserSignsInWithItsRoles_andListShowsIt() {
        stdin = "carol-password\nignored\n";

        assertThat(run("user", "add", "carol", "--role", "operator", "--role", "viewer", "--password-stdin")).isZero();

        assertThat(out()).isEqualTo("added carol with roles operator,viewer\n");
        anonymous().auth().preemptive().basic("carol", "carol-password").get("/api/v1/status").then().statusCode(200);
        anonymous().auth().preemptive().basic("carol", "carol-password").get("/api/v1/users").then().statusCode(403);
        out.reset();
        assertThat(run("user", "list")).isZero();
        assertThat(out()).containsPattern("(?m)^carol +operator,viewer$").containsPattern("(?m)^admin +")
                .doesNotContain("$2a$");
    }

    @Test
    void passwdFromTheEnvironment_replacesThePassword_andIsJournalledWithTheAccount() {
        env.put(UserCommands.PASSWORD_VARIABLE, "dave-first-password");
        assertThat(run("user", "add", "dave", "--role", "viewer")).isZero();
        env.put(UserCommands.PASSWORD_VARIABLE, "dave-second-password");

        assertThat(run("user", "passwd", "dave")).isZero();

        anonymous().auth().preemptive().basic("dave", "dave-first-password").get("/api/v1/status").then().statusCode(401);
        anonymous().auth().preemptive().basic("dave", "dave-second-password").get("/api/v1/status").then().statusCode(200);
        List<JournalEntry> entries = QuarkusTransaction.requiringNew().call(() ->
                JournalEntry.<JournalEntry>list("subject = ?1 order by id", "user/dave"));
        assertThat(entries).extracting(e -> e.reason).containsExactly("added with roles [viewer]", "password changed");
        assertThat(entries).extracting(e -> e.actor).containsOnly("cli:" + System.getProperty("user.name"));
        assertThat(entries).extracting(e -> e.reason + e.outcomeMessage).noneMatch(text -> text.contains("dave-"));
    }

    @Test
    void removeTakesTheUserAway() {
        env.put(UserCommands.PASSWORD_VARIABLE, "erin-password");
        assertThat(run("user", "add", "erin", "--role", "agent")).isZero();

        assertThat(run("user", "remove", "erin")).isZero();

        anonymous().auth().preemptive().basic("erin", "erin-password").get("/api/v1/status").then().statusCode(401);
        assertThat(accounts.list()).extracting(UserAccounts.UserView::name).doesNotContain("erin");
    }

    @Test
    void refusals_arePrintedLikeTheApiErrorEnvelopeAndExit1() {
        env.put(UserCommands.PASSWORD_VARIABLE, "long-enough-password");

        assertThat(run("user", "add", "frank", "--role", "superuser")).isEqualTo(1);
        env.put(UserCommands.PASSWORD_VARIABLE, "short");
        assertThat(run("user", "add", "frank", "--role", "viewer")).isEqualTo(1);
        assertThat(run("user", "remove", "admin")).isEqualTo(1);
        assertThat(run("user", "remove", "nobody")).isEqualTo(1);

        assertThat(err()).isEqualTo("""
                lifeboat: INVALID_USER at /roles/0: a role is one of viewer, agent, operator, policy-admin, admin
                lifeboat: INVALID_USER at /password: size must be between 8 and 200
                lifeboat: LAST_ADMIN: cannot remove admin: it is the last user with the admin role
                lifeboat: UNKNOWN_USER: no user named nobody
                """);
        assertThat(accounts.list()).extracting(UserAccounts.UserView::name).doesNotContain("frank").contains("admin");
    }

    private int run(String... args) {
        return LifeboatMain.run(List.of(args), new Terminal(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, work -> work.applyAsInt(accounts)));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
