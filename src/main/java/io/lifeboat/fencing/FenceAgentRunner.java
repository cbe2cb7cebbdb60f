package io.lifeboat.fencing;

import io.lifeboat.fencing.FenceResult.Outcome;
import io.lifeboat.fencing.FenceResult.PowerState;
import io.lifeboat.process.BoundedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs ClusterLabs-style fence agents ({@code fence_ipmilan}, the project's {@code fence_lifeboat_sim}, ...).
 *
 * <p>Parameters go to the agent as {@code key=value} lines on stdin, never as arguments, so that passwords
 * do not show up in {@code ps}. Every run is bounded by a timeout, after which the whole process tree is
 * killed: fencing that hangs is worse than fencing that fails, because a failure can be retried or escalated.
 */
public final class FenceAgentRunner implements FenceAgents {

    private static final Pattern PARAM_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    // Agent parameters are a few hundred bytes; staying far below the 64 KiB pipe buffer means writing
    // stdin can never block, even if the agent does not read it.
    private static final int MAX_STDIN_BYTES = 16 * 1024;
    private static final int MAX_CAPTURE_BYTES = 256 * 1024;
    private static final int MAX_MESSAGE_CHARS = 200;
    // fence agents log "2024-01-01 12:00:00,123 ERROR: Failed: ..." and "ERROR:root:Failed: ...".
    private static final Pattern LOG_PREFIX = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d+ )?((DEBUG|INFO|WARNING|ERROR|CRITICAL)(:root)?: ?)?");
    private static final Pattern PYTHON_WARNING = Pattern.compile("^\\S+:\\d+: \\w*Warning: .*");

    private final FenceAgentPath searchPath;

    /** @param searchPath directories in which agent executables are looked up by name, in order */
    public FenceAgentRunner(List<Path> searchPath) {
        this.searchPath = new FenceAgentPath(searchPath);
    }

    /**
     * Runs {@code agent} with {@code action=<op>} and the given parameters.
     *
     * @throws IllegalArgumentException for a bad agent name, a reserved key ({@code action},
     *         {@code disable_timeout}) or a key/value that would break the line protocol
     */
    @Override
    public FenceResult run(String agent, FenceOperation op, Map<String, String> params, Duration timeout) {
        requireAgentName(agent);
        Objects.requireNonNull(op, "op");
        requirePositive(timeout);
        String stdin = stdinFor(op, params);
        List<String> secrets = secrets(params);

        long start = System.nanoTime();
        Optional<Path> executable = searchPath.resolve(agent);
        if (executable.isEmpty()) {
            return result(Outcome.FAILED, PowerState.UNKNOWN, -1,
                    "fence agent " + agent + " not found in " + searchPath, start, secrets);
        }
        BoundedProcess.Result exec;
        try {
            exec = exec(List.of(executable.get().toString()), stdin, timeout);
        } catch (IOException e) {
            return result(Outcome.FAILED, PowerState.UNKNOWN, -1,
                    "cannot start fence agent " + agent + ": " + e.getMessage(), start, secrets);
        }
        if (exec.timedOut()) {
            return result(Outcome.TIMED_OUT, PowerState.UNKNOWN, -1,
                    agent + " " + op.action() + " did not finish within " + timeout.toMillis() + " ms; killed it",
                    start, secrets);
        }
        if (exec.interrupted()) {
            return result(Outcome.FAILED, PowerState.UNKNOWN, -1,
                    agent + " " + op.action() + " interrupted; killed it", start, secrets);
        }
        // Agents exit 0 after "Parse error" (an ignored option) and sometimes after logging "Failed:";
        // an ignored option may be the one that mattered, so neither counts as success.
        boolean complained = exec.stderr().lines().anyMatch(l -> l.contains("Failed:") || l.contains("Parse error"));
        Outcome outcome = Outcome.FAILED;
        PowerState power = PowerState.UNKNOWN;
        if (!complained && exec.exitCode() == 0) {
            outcome = Outcome.SUCCEEDED;
            power = op == FenceOperation.STATUS ? PowerState.ON : PowerState.UNKNOWN;
        } else if (!complained && exec.exitCode() == 2 && op == FenceOperation.STATUS) {
            outcome = Outcome.SUCCEEDED; // exit 2 is how status says "off", not an error
            power = PowerState.OFF;
        }
        return result(outcome, power, exec.exitCode(), summary(outcome, exec), start, secrets);
    }

    /**
     * Runs {@code AGENT -o metadata} and parses it.
     *
     * @throws IllegalStateException when the agent is missing, fails, times out or prints something unparsable
     */
    public FenceAgentMetadata metadata(String agent, Duration timeout) {
        requireAgentName(agent);
        requirePositive(timeout);
        Path executable = searchPath.resolve(agent).orElseThrow(() ->
                new IllegalStateException("fence agent " + agent + " not found in " + searchPath));
        BoundedProcess.Result exec;
        try {
            exec = exec(List.of(executable.toString(), "-o", "metadata"), "", timeout);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fence agent " + agent + ": " + e.getMessage(), e);
        }
        if (exec.timedOut() || exec.interrupted() || exec.exitCode() != 0) {
            throw new IllegalStateException(agent + " -o metadata failed: "
                    + (exec.timedOut() ? "timed out after " + timeout.toMillis() + " ms" : summary(Outcome.FAILED, exec)));
        }
        try {
            return FenceAgentMetadata.parse(exec.stdout());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(agent + " -o metadata: " + e.getMessage(), e);
        }
    }

    private static void requireAgentName(String agent) {
        if (!FenceAgentPath.isAgentName(agent)) {
            throw new IllegalArgumentException("fence agent name must match fence_[A-Za-z0-9_]+: " + agent);
        }
    }

    private static void requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    private static String stdinFor(FenceOperation op, Map<String, String> params) {
        // action first and always: an agent that gets no action reboots the host.
        StringBuilder sb = new StringBuilder("action=").append(op.action()).append('\n');
        params.forEach((key, value) -> {
            if (key == null || !PARAM_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("fence parameter key must match [A-Za-z0-9_-]+: " + key);
            }
            if (FenceParameterNames.isReserved(key)) {
                throw new IllegalArgumentException("fence parameter '" + key + "' is reserved for the runner");
            }
            if (value == null || !FenceParameterNames.isSingleLine(value)) {
                throw new IllegalArgumentException("fence parameter '" + key + "' must be a single-line value");
            }
            sb.append(key).append('=').append(value).append('\n');
        });
        if (sb.toString().getBytes(StandardCharsets.UTF_8).length > MAX_STDIN_BYTES) {
            throw new IllegalArgumentException("fence parameters exceed " + MAX_STDIN_BYTES + " bytes");
        }
        return sb.toString();
    }

    private static List<String> secrets(Map<String, String> params) {
        List<String> secrets = new ArrayList<>();
        params.forEach((k, v) -> {
            if (k != null && v != null && !v.isEmpty() && FenceParameterNames.isSecret(k)) {
                secrets.add(v);
            }
        });
        return secrets;
    }

    private static FenceResult result(Outcome outcome, PowerState power, int exitCode, String message,
                                      long startNanos, List<String> secrets) {
        String line = message;
        for (String secret : secrets) {
            line = line.replace(secret, "****");
        }
        line = line.replaceAll("\\p{Cntrl}", " ").strip();
        if (line.length() > MAX_MESSAGE_CHARS) {
            line = line.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
        }
        return new FenceResult(outcome, power, exitCode, line, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** The line an operator wants to see: the agent's verdict, not Python noise. */
    private static String summary(Outcome outcome, BoundedProcess.Result exec) {
        List<String> err = meaningfulLines(exec.stderr());
        List<String> out = meaningfulLines(exec.stdout());
        if (outcome == Outcome.SUCCEEDED && !out.isEmpty()) {
            return out.get(0);
        }
        for (String marker : List.of("Failed:", "Parse error")) {
            for (String line : err) {
                if (line.contains(marker)) {
                    return line;
                }
            }
        }
        if (!err.isEmpty()) {
            return err.get(0);
        }
        return out.isEmpty() ? "exit code " + exec.exitCode() + ", no output" : out.get(0);
    }

    private static List<String> meaningfulLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            // Indented lines are source echoes of Python warnings and traceback frames.
            if (raw.isBlank() || Character.isWhitespace(raw.charAt(0))
                    || PYTHON_WARNING.matcher(raw).matches() || raw.startsWith("Traceback (")) {
                continue;
            }
            String line = LOG_PREFIX.matcher(raw.strip()).replaceFirst("");
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static BoundedProcess.Result exec(List<String> command, String stdin, Duration timeout) throws IOException {
        return BoundedProcess.of(command)
                // Set under Pacemaker, it makes agents behave as if run by the cluster (and wait forever).
                .environment(env -> env.remove("PCMK_service"))
                .stdin(stdin)
                .captureAtMost(MAX_CAPTURE_BYTES)
                .run(timeout);
    }
}
