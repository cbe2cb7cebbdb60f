package io.lifeboat.fencing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The directories fence agents are looked up in, in order: the first directory holding an agent's name wins. */
final class FenceAgentPath {
    private static final Pattern AGENT_NAME = Pattern.compile("fence_[A-Za-z0-9_]+");

    private final List<Path> directories;

    FenceAgentPath(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    /** A name of the form {@code fence_*}, which also keeps it from being a path ("../x"). */
    static boolean isAgentName(String name) {
        return name != null && AGENT_NAME.matcher(name).matches();
    }

    /** The agent's executable, absolute (independent of a child's working directory). */
    Optional<Path> resolve(String agent) {
        if (!isAgentName(agent)) {
            return Optional.empty();
        }
        return directories.stream().map(dir -> dir.resolve(agent).toAbsolutePath())
                .filter(FenceAgentPath::isExecutable).findFirst();
    }

    /** The names of every agent in the directories. */
    SortedSet<String> agents() {
        SortedSet<String> names = new TreeSet<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> isAgentName(f.getFileName().toString()) && isExecutable(f))
                        .forEach(f -> names.add(f.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list fence agents in " + dir, e);
            }
        }
        return names;
    }

    private static boolean isExecutable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    @Override
    public String toString() {
        return directories.toString();
    }
}
