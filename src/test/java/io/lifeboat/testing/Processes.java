package io.lifeboat.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** What tests do to the processes they started: signals, and SIGKILL with a bounded wait. */
public final class Processes {
    private Processes() {
    }

    /** Sends a signal by name (STOP, CONT, KILL...) to a process, as {@code kill -NAME pid}. */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    }

    /** SIGKILL, then waits until it is gone (at most {@code seconds}). */
    public static void kill(Process process, int seconds) {
        process.destroyForcibly();
        try {
            process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
