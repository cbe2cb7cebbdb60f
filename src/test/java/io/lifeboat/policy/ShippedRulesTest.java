package io.lifeboat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.lifeboat.docs.PolicyDocs;

/** The shipped policy's bookkeeping: its index lists every file, and the generated docs are current. */
class ShippedRulesTest {

    @Test
    void indexListsExactlyTheShippedRuleFiles() throws IOException {
        List<String> listed = PolicySources.shipped().stream().map(s -> s.path().substring("rules/".length())).sorted().toList();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/rules"))) {
            List<String> onDisk = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".drl")).sorted().toList();
            assertThat(listed).as("rules/index.txt against the folder").isEqualTo(onDisk);
        }
    }

    @Test
    void generatedPolicyDocs_areCurrent() throws IOException {
        var generated = PolicyDocs.generate(new PolicyCompiler().compile(PolicySources.shipped()));
        for (var file : generated.entrySet()) {
            Path onDisk = Path.of("policy-docs").resolve(file.getKey());
            assertThat(onDisk).as("%s is missing: run ./lifeboat docs", onDisk).exists();
            assertThat(Files.readString(onDisk)).as("%s is stale: run ./lifeboat docs", onDisk).isEqualTo(file.getValue());
        }
    }
}
