package io.lifeboat.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one external program the way every plugin of Lifeboat's must be run (fence agents, alert agents): its input
 * written at once, both output pipes drained so it can never block on them, at most a bounded amount of output kept,
 * and the whole process tree killed once the timeout is up. A plugin that hangs must cost a bounded time, never a
 * thread or a policy decision.
 */
public final class BoundedProcess {
    /** Kept per pipe unless told otherwise: far more than any agent prints when it works. */
    public static final int DEFAULT_CAPTURE_BYTES = 256 * 1024;
    private static final Duration REAP_WAIT = Duration.ofSeconds(2);

    private final List<String> command;
    private Consumer<Map<String, String>> environment = env -> { };
    private String stdin = "";
    private int captureBytes = DEFAULT_CAPTURE_BYTES;

    /** How one run ended; {@code exitCode} is -1 when it timed out or was interrupted (it was killed then). */
    public record Result(int exitCode, boolean timedOut, boolean interrupted, String stdout, String stderr) {
        public boolean exited() {
            return !timedOut && !interrupted;
        }
    }

    private BoundedProcess(List<String> command) {
        this.command = List.copyOf(command);
    }

    public static BoundedProcess of(List<String> command) {
        return new BoundedProcess(command);
    }

    /** Changes the environment the program gets, which starts as Lifeboat's own. */
    public BoundedProcess environment(Consumer<Map<String, String>> edit) {
        this.environment = Objects.requireNonNull(edit);
        return this;
    }

    /**
     * What the program reads on its standard input, which is then closed. Keep it well below the 64 KiB pipe buffer:
     * it is written before the program is waited for.
     */
    public BoundedProcess stdin(String text) {
        this.stdin = Objects.requireNonNull(text);
        return this;
    }

    /** At most this many bytes of each of stdout and stderr are kept; the rest is read and dropped. */
    public BoundedProcess captureAtMost(int bytes) {
        this.captureBytes = bytes;
        return this;
    }

    /** Runs the program to its end or to the timeout, whichever comes first. */
    public Result run(Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        environment.accept(pb.environment());
        Process process = pb.start();
        // Drain both pipes on their own threads: a program blocked on a full stderr pipe never exits.
        Collector out = new Collector(process.getInputStream(), "plugin-stdout", captureBytes);
        Collector err = new Collector(process.getErrorStream(), "plugin-stderr", captureBytes);
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException closedStdin) {
            // It exited (or closed stdin) without reading; its exit code and stderr tell why.
        }
        boolean exited;
        boolean interrupted = false;
        try {
            exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
            interrupted = true;
        }
        if (!exited) {
            killTree(process);
        }
        String stdout = out.text();
        String stderr = err.text();
        return exited
                ? new Result(process.exitValue(), false, false, stdout, stderr)
                : new Result(-1, !interrupted, interrupted, stdout, stderr);
    }

    private static void killTree(Process process) {
        // Snapshot first: once the program dies its children are re-parented and no longer its descendants.
        // Kill the program before the children so a retry loop cannot spawn new ones.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        // Only the program is waited for: it is our child, so the JDK sees its exit at once. Waiting on the
        // re-parented descendants would poll for seconds; SIGKILL is sent, the kernel finishes the job.
        try {
            process.waitFor(REAP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one pipe to its end on a daemon thread, keeping at most {@code limit} bytes. */
    private static final class Collector {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;
        private final int limit;

        Collector(InputStream in, String name, int limit) {
            this.limit = limit;
            thread = new Thread(() -> drain(in), name);
            thread.setDaemon(true);
            thread.start();
        }

        private void drain(InputStream in) {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        int keep = Math.min(n, limit - buffer.size());
                        if (keep > 0) {
                            buffer.write(chunk, 0, keep);
                        }
                    }
                }
            } catch (IOException closed) {
                // Pipe closed under us (process killed): keep what was read.
            }
        }

        String text() {
            try {
                // A surviving grandchild may hold the pipe open; do not wait for it forever.
                thread.join(REAP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
