package io.lifeboat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.lifeboat.bench.PlacementBenchmark;
import io.lifeboat.bench.PolicyBenchmark;
import io.lifeboat.bench.SimulateBenchmark;
import io.lifeboat.docs.PolicyDocs;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.PolicyCompilationException;
import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySources;
import io.lifeboat.policy.RuleSource;
import io.lifeboat.policy.ValidationReport;
import io.lifeboat.simulate.Plan;
import io.lifeboat.simulate.PlanText;
import io.lifeboat.simulate.ScenarioReader;
import io.lifeboat.simulate.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The policy authors' commands: they compile the same rules as the service, without starting it. */
final class OfflineCommands {
    private OfflineCommands() {
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The shipped policy plus an operator's rules directory. */
    static class RulesDir {
        @Option(names = "--rules-dir", paramLabel = "DIR", description = "an operator's directory of extra *.drl")
        Optional<Path> dir = Optional.empty();
    }

    @Command(name = "simulate", description = "The plan for a scenario (JSON or YAML): what Lifeboat would do.")
    static final class Simulate implements Callable<Integer> {
        private final Terminal terminal;
        @Parameters(paramLabel = "FILE", description = "the scenario (policy-docs/simulate.md)")
        Path file;
        @Option(names = "--text", description = "the readable form instead of JSON")
        boolean text;
        @Mixin
        RulesDir rules = new RulesDir();

        Simulate(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException {
            CompiledPolicy policy = new PolicyCompiler().compile(PolicySources.all(rules.dir));
            Plan plan = new Simulator(policy).run(ScenarioReader.read(Files.readString(file),
                    ScenarioReader.formatOf(file.getFileName().toString())));
            terminal.out().print(text ? PlanText.render(plan) : json().writeValueAsString(plan) + "\n");
            return 0;
        }
    }

    @Command(name = "validate", description = "Check rule files against the policy; nothing is loaded. Exit 1 if one "
            + "does not compile.")
    static final class Validate implements Callable<Integer> {
        private final Terminal terminal;
        @Parameters(paramLabel = "FILE.drl", arity = "1..*", description = "the rule files")
        List<Path> files;
        @Mixin
        RulesDir rules = new RulesDir();

        Validate(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException {
            List<RuleSource> sources = new ArrayList<>();
            for (RuleSource source : PolicySources.all(rules.dir)) {
                if (files.stream().noneMatch(f -> source.path().equals("operator/" + f.getFileName()))) {
                    sources.add(source);
                }
            }
            for (Path file : files) {
                sources.add(new RuleSource("operator/" + file.getFileName(), Files.readString(file)));
            }
            ValidationReport report;
            try {
                report = ValidationReport.of(new PolicyCompiler().compile(sources));
            } catch (PolicyCompilationException e) {
                report = ValidationReport.of(e);
            }
            terminal.out().print(json().writeValueAsString(report) + "\n");
            return report.valid() ? 0 : 1;
        }
    }

    @Command(name = "docs", description = "Regenerate the generated policy docs.")
    static final class Docs implements Callable<Integer> {
        private final Terminal terminal;
        @Parameters(paramLabel = "DIR", arity = "0..1", defaultValue = "policy-docs", description = "default: ${DEFAULT-VALUE}")
        Path dir;

        Docs(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> file : PolicyDocs.generate(new PolicyCompiler()
                    .compile(PolicySources.shipped())).entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
                terminal.out().println("wrote " + dir.resolve(file.getKey()));
            }
            return 0;
        }
    }

    @Command(name = "bench", description = "The benchmarks (BENCHMARKS.md): 'policy', the default, compile + swap and "
            + "heartbeat ingest; 'placement', failover decisions at scale, the N+K check, placement quality, Pacemaker; "
            + "'simulate', simulate from scratch through the REST API of the Lifeboat at LIFEBOAT_URL (with "
            + "LIFEBOAT_USER and LIFEBOAT_PASSWORD), against crm_simulate.")
    static final class Bench implements Callable<Integer> {
        private final Terminal terminal;
        @Parameters(paramLabel = "SUITE", arity = "0..1", defaultValue = "policy",
                description = "policy, placement or simulate; default: ${DEFAULT-VALUE}")
        String suite;

        Bench(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException {
            return switch (suite) {
                case "policy" -> PolicyBenchmark.run(terminal.out());
                case "placement" -> PlacementBenchmark.run(terminal.out());
                case "simulate" -> SimulateBenchmark.run(terminal.out(), restSimulate());
                default -> throw new LifeboatMain.UsageError("no benchmark suite " + suite
                        + ": policy, placement or simulate");
            };
        }

        private SimulateBenchmark.Endpoint restSimulate() throws IOException {
            LifeboatClient client = new LifeboatClient(terminal);
            try {
                // As the dashboard does: the password is checked once, so the figures are simulate's, not bcrypt's.
                client.logIn();
            } catch (LifeboatClient.Failed reported) {
                throw new IOException("login refused (reported above)");
            }
            return scenario -> {
                try {
                    return client.send("POST", "/api/v1/simulate", Map.of("Content-Type", "application/json"),
                            scenario).body();
                } catch (LifeboatClient.Failed reported) {
                    throw new IOException("simulate refused (reported above)");
                }
            };
        }
    }
}
