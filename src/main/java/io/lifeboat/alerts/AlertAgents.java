package io.lifeboat.alerts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.lifeboat.actions.Alert;
import io.lifeboat.process.BoundedProcess;

/**
 * Delivers alerts the way Pacemaker does: every executable in the alerts directory is run for every alert (once per
 * configured recipient), all at once, with the alert in its environment ({@link AlertEnvironment}) and nothing on its
 * standard input. Each run is bounded by the timeout and then killed, whole tree; what it printed goes to the log,
 * cut short. An agent that fails or hangs is logged and counted, and never keeps another from running. The directory
 * is read at each alert, so an agent added or removed takes effect without a restart.
 */
public final class AlertAgents implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertAgents.class);
    /** An agent that has something to say says it in a few lines; the log gets no more than this of each pipe. */
    static final int CAPTURE_BYTES = 4096;
    private static final int LOG_CHARS = 1000;

    private final Settings settings;
    private final Clock clock;
    private final DeliveryListener listener;
    private final AtomicLong sequence = new AtomicLong();
    private final ExecutorService runs;

    /**
     * @param dir             where the agents are; empty: no agents, alerts go to the log only
     * @param recipients      each agent runs once per recipient; with none, once with an empty one
     * @param timestampFormat {@code CRM_alert_timestamp}'s format, in UTC
     * @param version         Lifeboat's version, {@code CRM_alert_version}
     */
    public record Settings(Optional<Path> dir, Duration timeout, List<String> recipients,
                           DateTimeFormatter timestampFormat, String version) {
    }

    /** One agent run for one recipient. */
    public record Run(String agent, String recipient, DeliveryOutcome outcome, String detail) {
        boolean failed() {
            return outcome != DeliveryOutcome.DELIVERED;
        }
    }

    /** Every run for one alert; none when no agent is configured. */
    public record Delivery(List<Run> runs) {
        public int ran() {
            return runs.size();
        }

        public int failed() {
            return (int) runs.stream().filter(Run::failed).count();
        }

        public String summary() {
            if (runs.isEmpty()) {
                return "logged; no alert agent is configured";
            }
            String failures = String.join(", ", runs.stream().filter(Run::failed)
                    .map(r -> r.agent() + (r.recipient().isEmpty() ? "" : " to " + r.recipient()) + ": " + r.detail())
                    .toList());
            return ran() + " alert agent run(s), " + failed() + " failed" + (failures.isEmpty() ? "" : ": " + failures);
        }
    }

    public AlertAgents(Settings settings, Clock clock, DeliveryListener listener) {
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        AtomicInteger count = new AtomicInteger();
        this.runs = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "lifeboat-alert-agent-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** No agent: alerts go to the log (and the journal) only. */
    public static AlertAgents logOnly() {
        return new AlertAgents(new Settings(Optional.empty(), Duration.ofSeconds(30), List.of(),
                DateTimeFormatter.ISO_INSTANT, ""), Clock.systemUTC(), DeliveryListener.NONE);
    }

    /** The longest a delivery can take: the agents run side by side, each within the timeout, then are reaped. */
    public Duration timeNeeded() {
        return settings.timeout().plusSeconds(5);
    }

    /** Runs every agent for every recipient and waits for all of them (each within the timeout). */
    public Delivery deliver(Alert alert) {
        AlertKind kind = AlertKind.of(alert);
        long seq = sequence.incrementAndGet();
        Instant at = clock.instant();
        List<Path> agents;
        try {
            agents = agents();
        } catch (IOException e) {
            LOG.errorf("alert %s: cannot list the alert agents in %s: %s", alert.getKey(), settings.dir().orElseThrow(),
                    e.getMessage());
            listener.delivered(kind, DeliveryOutcome.FAILED);
            return new Delivery(List.of(new Run(String.valueOf(settings.dir().orElseThrow()), "",
                    DeliveryOutcome.FAILED, "cannot list the directory")));
        }
        if (agents.isEmpty()) {
            listener.delivered(kind, DeliveryOutcome.NO_AGENT);
            return new Delivery(List.of());
        }
        List<String> recipients = settings.recipients().isEmpty() ? List.of("") : settings.recipients();
        List<Future<Run>> running = new ArrayList<>();
        for (Path agent : agents) {
            for (String recipient : recipients) {
                Map<String, String> env = AlertEnvironment.of(alert, recipient, seq, at, settings.timestampFormat(),
                        settings.version());
                running.add(runs.submit(() -> run(agent, recipient, env, alert, kind)));
            }
        }
        List<Run> done = new ArrayList<>();
        for (Future<Run> run : running) {
            try {
                done.add(run.get());
            } catch (InterruptedException e) {
                // The dispatcher gave up on this alert: interrupted, each agent's tree is killed.
                running.forEach(r -> r.cancel(true));
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                done.add(new Run("?", "", DeliveryOutcome.FAILED, String.valueOf(e.getCause())));
            }
        }
        return new Delivery(done);
    }

    private List<Path> agents() throws IOException {
        if (settings.dir().isEmpty()) {
            return List.of();
        }
        // Hidden files (editor swap files, ".keep") and anything not executable are not agents.
        try (Stream<Path> files = Files.list(settings.dir().get())) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> Files.isRegularFile(f) && Files.isExecutable(f)).sorted().toList();
        }
    }

    private Run run(Path agent, String recipient, Map<String, String> env, Alert alert, AlertKind kind) {
        String name = agent.getFileName().toString();
        Run run;
        BoundedProcess.Result result = null;
        try {
            result = BoundedProcess.of(List.of(agent.toString()))
                    .environment(inherited -> {
                        inherited.keySet().retainAll(AlertEnvironment.INHERITED);
                        inherited.putAll(env);
                    })
                    .captureAtMost(CAPTURE_BYTES)
                    .run(settings.timeout());
            if (result.timedOut()) {
                run = new Run(name, recipient, DeliveryOutcome.TIMED_OUT,
                        "no end within " + settings.timeout().toMillis() + " ms; killed");
            } else if (result.interrupted()) {
                run = new Run(name, recipient, DeliveryOutcome.FAILED, "interrupted; killed");
            } else if (result.exitCode() != 0) {
                run = new Run(name, recipient, DeliveryOutcome.FAILED, "exit code " + result.exitCode());
            } else {
                run = new Run(name, recipient, DeliveryOutcome.DELIVERED, "exit code 0");
            }
        } catch (IOException e) {
            run = new Run(name, recipient, DeliveryOutcome.FAILED, "cannot start: " + e.getMessage());
        }
        log(run, result, alert);
        listener.delivered(kind, run.outcome());
        return run;
    }

    private static void log(Run run, BoundedProcess.Result result, Alert alert) {
        String output = result == null ? "" : output(result);
        Logger.Level level = run.failed() ? Logger.Level.WARN : Logger.Level.INFO;
        LOG.logf(level, "alert agent %s%s for %s %s %s: %s%s", run.agent(),
                run.recipient().isEmpty() ? "" : " (recipient " + run.recipient() + ")", alert.getCode(),
                alert.getSubject(), run.outcome(), run.detail(), output);
    }

    /** The agent's words, on one line and cut short: the log is not the agent's own. */
    private static String output(BoundedProcess.Result result) {
        String text = ("stdout: " + result.stdout().strip() + " | stderr: " + result.stderr().strip())
                .replaceAll("\\p{Cntrl}", " ");
        if (result.stdout().isBlank() && result.stderr().isBlank()) {
            return "";
        }
        return "; " + (text.length() > LOG_CHARS ? text.substring(0, LOG_CHARS - 3) + "..." : text);
    }

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
