package io.lifeboat.fencing;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one fence agent run.
 *
 * @param outcome  whether the agent did what was asked
 * @param power    the power state reported by {@code status}; UNKNOWN for every other operation
 * @param exitCode the agent's exit code, -1 when it never exited on its own (not found, timed out)
 * @param message  one short line for operators; never contains a password
 * @param took     wall-clock time of the run
 */
public record FenceResult(Outcome outcome, PowerState power, int exitCode, String message, Duration took) {

    public enum Outcome { SUCCEEDED, FAILED, TIMED_OUT }

    public enum PowerState { ON, OFF, UNKNOWN }

    public FenceResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(took, "took");
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
