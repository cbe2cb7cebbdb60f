package io.lifeboat.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The facts are what rules reason about and what every part exchanges: they depend on no other part of Lifeboat. */
class FactsDependOnNothingTest {

    @Test
    void noFactImportsAnotherPartOfLifeboat() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/lifeboat/facts"))) {
            List<String> offending = files.flatMap(FactsDependOnNothingTest::imports)
                    .filter(i -> i.contains("import io.lifeboat.") && !i.contains("import io.lifeboat.facts."))
                    .toList();

            assertThat(offending).isEmpty();
        }
    }

    /** "File.java: import ..." for each import of the file. */
    private static Stream<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith("import "))
                    .map(line -> file.getFileName() + ": " + line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
