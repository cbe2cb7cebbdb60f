package io.lifeboat.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import io.lifeboat.api.ApiException;
import io.lifeboat.security.UserAccounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat user ...}: the API users, written straight into the service's database (the first user has nobody
 * to ask over REST). Passwords come from standard input or {@code LIFEBOAT_NEW_PASSWORD}, never from the command
 * line, where {@code ps} and the shell history would show them.
 */
@Command(name = "user", description = "Add, list, change and remove API users in the database.",
        subcommands = {UserCommands.Add.class, UserCommands.ListUsers.class, UserCommands.Passwd.class,
                UserCommands.Remove.class})
final class UserCommands {
    static final String PASSWORD_VARIABLE = "LIFEBOAT_NEW_PASSWORD";

    /** The journal's actor for the command line: the account that ran it. */
    static String actor() {
        return "cli:" + System.getProperty("user.name");
    }

    /** The new password: the first line of stdin with {@code --password-stdin}, otherwise the environment. */
    static class PasswordSource {
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input "
                + "(otherwise from " + PASSWORD_VARIABLE + ")")
        boolean stdin;

        String read(Terminal terminal) throws IOException {
            if (stdin) {
                String line = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new LifeboatMain.UsageError("no password on standard input");
                }
                return line;
            }
            return terminal.env(PASSWORD_VARIABLE).orElseThrow(() -> new LifeboatMain.UsageError(
                    "give the password with --password-stdin or in " + PASSWORD_VARIABLE));
        }
    }

    /** Runs work on the database; a refusal is printed like the API's error envelope. */
    static int withUsers(Terminal terminal, ToIntFunction<UserAccounts> work) {
        return terminal.users().run(users -> {
            try {
                return work.applyAsInt(users);
            } catch (ApiException e) {
                terminal.refused(e.code(), e.field(), e.getMessage());
                return 1;
            }
        });
    }

    @Command(name = "add", description = "Add a user with its roles.")
    static final class Add implements Callable<Integer> {
        private final Terminal terminal;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--role", paramLabel = "ROLE", required = true, description = "viewer, operator, policy-admin, "
                + "admin or agent; repeat for several")
        List<String> roles;
        @Mixin
        PasswordSource password = new PasswordSource();

        Add(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException {
            UserAccounts.NewUser user = new UserAccounts.NewUser(name, password.read(terminal), roles);
            return withUsers(terminal, users -> {
                UserAccounts.UserView added = users.add(user, actor());
                terminal.out().println("added " + added.name() + " with roles " + String.join(",", added.roles()));
                return 0;
            });
        }
    }

    @Command(name = "list", description = "Every user and its roles.")
    static final class ListUsers implements Callable<Integer> {
        private final Terminal terminal;

        ListUsers(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            return withUsers(terminal, users -> {
                users.list().forEach(u -> terminal.out().printf("%-24s %s%n", u.name(), String.join(",", u.roles())));
                return 0;
            });
        }
    }

    @Command(name = "passwd", description = "Set a user's password.")
    static final class Passwd implements Callable<Integer> {
        private final Terminal terminal;
        @Parameters(paramLabel = "NAME")
        String name;
        @Mixin
        PasswordSource password = new PasswordSource();

        Passwd(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException {
            UserAccounts.UserChange change = new UserAccounts.UserChange(password.read(terminal), null);
            return withUsers(terminal, users -> {
                users.change(name, change, actor());
                terminal.out().println("password of " + name + " changed");
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Remove a user (never the last admin).")
    static final class Remove implements Callable<Integer> {
        private final Terminal terminal;
        @Parameters(paramLabel = "NAME")
        String name;

        Remove(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            return withUsers(terminal, users -> {
                users.remove(name, actor());
                terminal.out().println("removed " + name);
                return 0;
            });
        }
    }
}
