package io.lifeboat.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.lifeboat.bench.PolicyBenchmark;
import io.lifeboat.docs.PolicyDocs;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.PolicyCompilationException;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySources;
import io.lifeboat.policy.RuleSource;
import io.lifeboat.policy.ValidationReport;
import io.lifeboat.simulate.Plan;
import io.lifeboat.simulate.PlanText;
import io.lifeboat.simulate.ScenarioException;
import io.lifeboat.simulate.ScenarioReader;
import io.lifeboat.simulate.Simulator;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The jar's entry point. With no arguments it runs the service; {@code simulate}, {@code validate} and {@code docs}
 * are offline commands for policy authors that compile the same rules, without starting the service.
 */
@QuarkusMain
public final class LifeboatMain {
    static final String USAGE = """
            usage: lifeboat                                   run the service
                   lifeboat simulate FILE [--text] [--rules-dir DIR]   plan for a scenario (JSON or YAML)
                   lifeboat validate FILE.drl... [--rules-dir DIR]    check rule files against the policy
                   lifeboat docs [DIR]                        regenerate the generated policy docs (default policy-docs)
                   lifeboat bench                             policy benchmarks: compile + swap, heartbeat ingest
            """;

    private LifeboatMain() {
    }

    public static void main(String... args) {
        if (args.length == 0 || !List.of("simulate", "validate", "docs", "bench", "help").contains(args[0])) {
            Quarkus.run(args);
            return;
        }
        // Offline commands run without Quarkus, so nobody set log levels: without this every Drools trace
        // statement is formatted (measured: it cut heartbeat ingest several times over).
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("org.drools").setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("org.kie").setLevel(java.util.logging.Level.WARNING);
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one offline command; returns the exit code (0 done, 1 the input is bad, 2 the command line is). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Options options = Options.parse(args.subList(1, args.size()));
            return switch (args.get(0)) {
                case "simulate" -> simulate(options, out);
                case "validate" -> validate(options, out);
                case "docs" -> docs(options, out);
                case "bench" -> PolicyBenchmark.run(out);
                default -> usage(out, 0);
            };
        } catch (UsageException e) {
            err.println("lifeboat: " + e.getMessage());
            return usage(err, 2);
        } catch (ScenarioException e) {
            err.println("lifeboat: invalid scenario at " + (e.pointer().isEmpty() ? "/" : e.pointer()) + ": " + e.getMessage());
            return 1;
        } catch (PolicyCompilationException e) {
            e.problems().forEach(p -> err.println("lifeboat: " + p));
            return 1;
        } catch (IOException e) {
            err.println("lifeboat: " + e.getMessage());
            return 1;
        }
    }

    private static int simulate(Options options, PrintStream out) throws IOException {
        Path file = options.onlyFile();
        CompiledPolicy policy = new PolicyCompiler().compile(PolicySources.all(options.rulesDir));
        Plan plan = new Simulator(policy).run(ScenarioReader.read(Files.readString(file),
                ScenarioReader.formatOf(file.getFileName().toString())));
        out.print(options.text ? PlanText.render(plan) : json().writeValueAsString(plan) + "\n");
        return 0;
    }

    private static int validate(Options options, PrintStream out) throws IOException {
        if (options.files.isEmpty()) {
            throw new UsageException("validate needs at least one .drl file");
        }
        List<RuleSource> sources = new ArrayList<>();
        for (RuleSource source : PolicySources.all(options.rulesDir)) {
            if (options.files.stream().noneMatch(f -> source.path().equals("operator/" + f.getFileName()))) {
                sources.add(source);
            }
        }
        for (Path file : options.files) {
            sources.add(new RuleSource("operator/" + file.getFileName(), Files.readString(file)));
        }
        ValidationReport report;
        try {
            report = ValidationReport.of(new PolicyCompiler().compile(sources));
        } catch (PolicyCompilationException e) {
            report = ValidationReport.of(e);
        }
        out.print(json().writeValueAsString(report) + "\n");
        return report.valid() ? 0 : 1;
    }

    private static int docs(Options options, PrintStream out) throws IOException {
        Path dir = options.files.isEmpty() ? Path.of("policy-docs") : options.onlyFile();
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : PolicyDocs.generate(new PolicyCompiler().compile(PolicySources.shipped()))
                .entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
            out.println("wrote " + dir.resolve(file.getKey()));
        }
        return 0;
    }

    private static int usage(PrintStream stream, int code) {
        stream.print(USAGE);
        return code;
    }

    private static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private static final class Options {
        final List<Path> files = new ArrayList<>();
        Optional<Path> rulesDir = Optional.empty();
        boolean text;

        static Options parse(List<String> args) {
            Options options = new Options();
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--text" -> options.text = true;
                    case "--rules-dir" -> {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("--rules-dir needs a directory");
                        }
                        options.rulesDir = Optional.of(Path.of(args.get(++i)));
                    }
                    default -> {
                        if (args.get(i).startsWith("--")) {
                            throw new UsageException("unknown option " + args.get(i));
                        }
                        options.files.add(Path.of(args.get(i)));
                    }
                }
            }
            return options;
        }

        Path onlyFile() {
            if (files.size() != 1) {
                throw new UsageException("give exactly one file");
            }
            return files.get(0);
        }
    }
}
