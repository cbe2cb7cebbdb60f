package io.lifeboat.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.lifeboat.policy.PolicyCompiler;
import io.lifeboat.policy.PolicySources;
import io.lifeboat.policy.RuleSource;

/**
 * Every scenario under {@code src/test/resources/scenarios/} against its golden plan (see the README there). Run with
 * {@code -Dlifeboat.golden.update=true} to write the plans after a deliberate policy change, then review the diff. A
 * scenario with a {@code NAME.drl} beside it runs with that operator rule file added to the shipped policy.
 */
class ScenarioGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/scenarios");
    private static Simulator simulator;

    @BeforeAll
    static void compile() {
        simulator = new Simulator(new PolicyCompiler().compile(PolicySources.shipped()));
    }

    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenarioGivesItsGoldenPlan(String name) throws IOException {
        Scenario scenario = ScenarioReader.read(Files.readString(DIR.resolve(name + ".yaml")), ScenarioReader.Format.YAML);
        Path operatorRules = DIR.resolve(name + ".drl");
        Simulator withRules = !Files.exists(operatorRules) ? simulator : new Simulator(new PolicyCompiler().compile(
                Stream.concat(PolicySources.shipped().stream(), Stream.of(new RuleSource("operator/" + name + ".drl",
                        Files.readString(operatorRules)))).toList()));
        String plan = PlanText.render(withRules.run(scenario));
        Path golden = DIR.resolve(name + ".plan");
        if (Boolean.getBoolean("lifeboat.golden.update")) {
            Files.writeString(golden, plan);
        }
        assertThat(golden).as("golden plan %s (write it with -Dlifeboat.golden.update=true); the plan is:%n%s",
                golden, plan).exists();
        assertThat(plan).as("plan of scenario %s", name).isEqualTo(Files.readString(golden));
    }
}
