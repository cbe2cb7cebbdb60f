package io.lifeboat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import io.lifeboat.policy.PolicyCompilationException;
import io.lifeboat.simulate.ScenarioException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The jar's entry point. With no arguments it runs the service. Otherwise it runs one command: the policy authors'
 * offline commands ({@code simulate}, {@code validate}, {@code docs}, {@code bench}), which compile the same rules
 * without starting the service; {@code user}, which writes the service's database; and {@code apply}, {@code export},
 * {@code what-if} against a running service. Exit codes: 0 done, 1 refused or failed, 2 the command line is wrong.
 */
@QuarkusMain
public final class LifeboatMain {

    @Command(name = "lifeboat", mixinStandardHelpOptions = true, version = "Lifeboat",
            description = "Keeps HA virtual machines running: with no command, runs the service.",
            subcommands = {OfflineCommands.Simulate.class, OfflineCommands.Validate.class, OfflineCommands.Docs.class,
                    OfflineCommands.Bench.class, UserCommands.class, RemoteCommands.Apply.class,
                    RemoteCommands.Export.class, RemoteCommands.WhatIf.class, CommandLine.HelpCommand.class},
            footer = {"", "Remote commands find the service in LIFEBOAT_URL (default " + LifeboatClient.DEFAULT_URL
                    + ") and sign in with LIFEBOAT_TOKEN, or LIFEBOAT_USER and LIFEBOAT_PASSWORD."})
    static final class Lifeboat {
    }

    /** A command line that parses but cannot be run as given; exit 2 like any usage error. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    private LifeboatMain() {
    }

    public static void main(String... args) {
        if (args.length == 0) {
            Quarkus.run(args);
            return;
        }
        // Offline commands run without Quarkus, so nobody set log levels: without this every Drools trace
        // statement is formatted (measured: it cut heartbeat ingest several times over).
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("org.drools").setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("org.kie").setLevel(java.util.logging.Level.WARNING);
        System.exit(run(List.of(args), new Terminal(System.in, System.out, System.err, System.getenv(),
                new CommandModeDatabase(System.err))));
    }

    /** Runs one command with standard streams and no environment (no service to reach, no database). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, new Terminal(InputStream.nullInputStream(), out, err, Map.of(), work -> {
            throw new UsageError("the user commands need the service's database");
        }));
    }

    /** Runs one command; returns its exit code. */
    public static int run(List<String> args, Terminal terminal) {
        CommandLine commandLine = new CommandLine(new Lifeboat(), new TerminalFactory(terminal))
                .setOut(new PrintWriter(terminal.out(), true))
                .setErr(new PrintWriter(terminal.err(), true))
                .setParameterExceptionHandler((e, given) -> usage(e.getCommandLine(), terminal, e.getMessage()))
                .setExecutionExceptionHandler((e, command, parsed) -> failed(e, command, terminal));
        return commandLine.execute(args.toArray(String[]::new));
    }

    private static int usage(CommandLine command, Terminal terminal, String message) {
        terminal.err().println("lifeboat: " + message);
        command.usage(terminal.err());
        return CommandLine.ExitCode.USAGE;
    }

    private static int failed(Exception e, CommandLine command, Terminal terminal) throws Exception {
        if (e instanceof UsageError) {
            return usage(command, terminal, e.getMessage());
        } else if (e instanceof ScenarioException s) {
            terminal.err().println("lifeboat: invalid scenario at " + (s.pointer().isEmpty() ? "/" : s.pointer()) + ": "
                    + s.getMessage());
        } else if (e instanceof PolicyCompilationException p) {
            p.problems().forEach(problem -> terminal.err().println("lifeboat: " + problem));
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            terminal.err().println("lifeboat: " + e.getMessage());
        } else if (!(e instanceof LifeboatClient.Failed)) {
            throw e;
        }
        return 1;
    }

    /** Gives each command the terminal through its constructor. */
    private record TerminalFactory(Terminal terminal) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                var constructor = type.getDeclaredConstructor(Terminal.class);
                constructor.setAccessible(true);
                return constructor.newInstance(terminal);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
