package io.lifeboat.bench;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLStreamException;

/** Pacemaker's scheduler on a synthetic cluster: runs {@code crm_simulate} on its CIB and reads the transition summary. */
final class CrmSimulate {
    /** "* Start vm1 ( h1 )", "* Move vm1 ( h1 -> h2 )", "* Recover vm1 ( h1 -> h2 )" in the summary. */
    private static final Pattern ACTION = Pattern.compile("^\\s*\\*?\\s*(Start|Recover|Move|Migrate)\\s+(\\S+)\\s+\\(\\s*(\\S+)");

    /**
     * @param decideMillis {@code crm_simulate -R}: the scheduler's decision
     * @param simulateMillis {@code crm_simulate -S}: the decision and its transition played out
     */
    record Result(long decideMillis, long simulateMillis, int recovered, int otherMoves) {
    }

    static boolean installed() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "crm_simulate")));
    }

    static Result failNode(SyntheticCluster cluster, String node) throws IOException, XMLStreamException {
        Path dir = Files.createTempDirectory("lifeboat-cib");
        Path cib = dir.resolve("cib.xml");
        Path output = dir.resolve("out.txt");
        try {
            try (Writer writer = Files.newBufferedWriter(cib)) {
                cluster.writeCib(writer);
            }
            long t0 = System.nanoTime();
            simulate(cib, output, "-R", node);
            long decide = PlacementBenchmark.millisSince(t0);
            t0 = System.nanoTime();
            List<String> lines = simulate(cib, output, "-S", node);
            long simulate = PlacementBenchmark.millisSince(t0);
            int[] counts = count(lines, node);
            return new Result(decide, simulate, counts[0], counts[1]);
        } finally {
            Files.deleteIfExists(cib);
            Files.deleteIfExists(output);
            Files.delete(dir);
        }
    }

    private static List<String> simulate(Path cib, Path output, String mode, String node) throws IOException {
        Process process = new ProcessBuilder("crm_simulate", "-x", cib.toString(), mode, "--node-fail=" + node)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        int exit = waitFor(process);
        List<String> lines = Files.readAllLines(output);
        if (exit != 0) {
            throw new IOException("crm_simulate exit " + exit + ": "
                    + String.join("\n", lines.subList(0, Math.min(20, lines.size()))));
        }
        return lines;
    }

    /** VMs started or moved off the failed node, and VMs moved between healthy nodes, in the summary. */
    private static int[] count(List<String> lines, String node) {
        int[] counts = new int[2];
        boolean summary = false;
        for (String line : lines) {
            if (line.startsWith("Transition Summary")) {
                summary = true;
                continue;
            }
            if (summary && !line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                break;
            }
            Matcher m = ACTION.matcher(line);
            if (summary && m.find() && !m.group(2).startsWith("fence-")) {
                counts[m.group(1).equals("Start") || m.group(3).equals(node) ? 0 : 1]++;
            }
        }
        return counts;
    }

    private static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
