package io.lifeboat.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where DRL comes from: the shipped policy on the class path (listed in {@code rules/index.txt}, because a class
 * path folder cannot be listed portably inside a jar) and, optionally, an operator's rules directory.
 */
public final class PolicySources {
    static final String SHIPPED_DIR = "rules/";

    private PolicySources() {
    }

    public static List<RuleSource> shipped() {
        List<RuleSource> sources = new ArrayList<>();
        for (String file : read(SHIPPED_DIR + "index.txt").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            sources.add(new RuleSource(SHIPPED_DIR + file, read(SHIPPED_DIR + file)));
        }
        return sources;
    }

    /** The shipped policy followed by every {@code *.drl} of the operator's directory, in name order. */
    public static List<RuleSource> all(Optional<Path> operatorDir) {
        List<RuleSource> sources = new ArrayList<>(shipped());
        operatorDir.ifPresent(dir -> sources.addAll(fromDirectory(dir)));
        return sources;
    }

    public static List<RuleSource> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".drl")).sorted()
                    .flatMap(f -> readFile(f).map(drl -> new RuleSource("operator/" + f.getFileName(), drl)).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list rules directory " + dir, e);
        }
    }

    /** The file's text; empty if it vanished since the listing (editors save by replacing files). */
    private static Optional<String> readFile(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = PolicySources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing shipped rule resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
