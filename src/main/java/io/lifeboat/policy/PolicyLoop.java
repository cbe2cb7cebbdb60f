package io.lifeboat.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.actions.LeaderStamp;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.HeartbeatSource;
import io.lifeboat.facts.HostMetrics;

/**
 * The one writer of the live session. Monitors, REST calls and plugin outcomes submit commands; this thread applies
 * them in order, fires the rules, and hands new actions to the dispatcher. Between commands it wakes every
 * {@code tick} so that time-based rules (heartbeat timeouts) fire on time.
 */
public class PolicyLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PolicyLoop.class);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<Stamped> commands = new LinkedBlockingQueue<>();
    /** Swaps queued and not run yet: a loop that stops answers them (it keeps no session to take the rules over). */
    private final Set<SessionSwap> queuedSwaps = ConcurrentHashMap.newKeySet();

    /**
     * A command and when it was submitted: session time moves only up to that instant while it is applied, so news
     * that waited behind a slow step (a reload, a large change) goes in at its own time, and a host heard a second ago
     * is never declared silent because the loop took its heartbeat late. The loop's own firing between commands
     * catches up to now.
     */
    private record Stamped(long at, Consumer<PolicySession> command) {
    }
    /** Replaced only on the loop thread, by {@link #swap}. */
    private PolicySession session;
    private final ActionDispatcher dispatcher;
    /** The sessions' clock (a successor keeps it). */
    private final java.time.Clock clock;
    private final Duration tick;
    private final Thread thread;
    private volatile boolean running = true;
    private long heartbeatSeq;
    /** Touched on the loop thread only; a swapped session keeps its facts, so these stay true of it. */
    private final MeasuredLoads measuredLoads = new MeasuredLoads();
    private volatile RunawayRulesException runaway;
    private final LeaderStamp leader;
    /** Answers to {@link #query} not given yet: failed at once when the loop stops (a replica that stands down). */
    private final Set<CompletableFuture<?>> unanswered = ConcurrentHashMap.newKeySet();

    public PolicyLoop(PolicySession session, ActionDispatcher dispatcher, Duration tick) {
        this(session, dispatcher, tick, null);
    }

    /** @param leader the lease under which this loop decides (null for a single Lifeboat): stamped on every action */
    public PolicyLoop(PolicySession session, ActionDispatcher dispatcher, Duration tick, LeaderStamp leader) {
        this.leader = leader;
        this.session = session;
        this.clock = session.clock();
        this.dispatcher = dispatcher;
        this.tick = tick;
        this.thread = new Thread(this::run, "lifeboat-policy-loop");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues a change to the session; it is applied on the loop thread, in submission order. */
    public void submit(Consumer<PolicySession> command) {
        commands.add(new Stamped(clock.millis(), command));
    }

    /**
     * Replaces the rule base under the live session, keeping its facts and pending timers (see
     * {@link PolicySession#successor}): completely, on the loop thread, unless the swap was cancelled before the loop
     * reached it.
     */
    public SessionSwap swap(CompiledPolicy policy) {
        SessionSwap swap = new SessionSwap();
        if (!running && swap.start()) {
            swap.succeeded(); // a stopped loop keeps no session to take the rules over
            return swap;
        }
        queuedSwaps.add(swap);
        submit(old -> {
            queuedSwaps.remove(swap);
            if (!swap.start()) {
                return;
            }
            try {
                session = old.successor(policy);
                old.close();
                swap.succeeded();
            } catch (RuntimeException e) {
                swap.failed(e);
            }
        });
        return swap;
    }

    /** Why the live rules last failed to settle, while they still do not. */
    public Optional<RunawayRulesException> runaway() {
        return Optional.ofNullable(runaway);
    }

    /** A sign of life from a host: numbered here, on the loop thread, so "newer" is the order of arrival. */
    public void heartbeat(String host, HeartbeatSource source) {
        submit(s -> s.insert(new Heartbeat(host, ++heartbeatSeq, source))); // at the instant it was heard
    }

    /**
     * What a host's hypervisor runs now. Kept as one {@link HostObservation} fact per host, replaced only when it
     * changed, so an unchanged cluster costs the rules nothing.
     */
    public void observe(String host, Set<String> running) {
        submit(s -> s.observe(host, running));
    }

    /** A host's measured load: kept as one {@link HostMetrics} fact per host, replaced when it moved by a step. */
    public void measured(HostMetrics reading) {
        submit(s -> measuredLoads.report(s, reading));
    }

    /** A host left the cluster: its measured load goes with it. */
    public void forgetMeasuredLoad(String host) {
        submit(s -> measuredLoads.forget(s, host));
    }

    /**
     * Reads the session on the loop thread, after everything submitted before it has been decided: a question that
     * arrives with fresh facts (a probe's answers) is answered once the rules have fired on them, never half-derived.
     */
    public <T> CompletableFuture<T> query(Function<PolicySession, T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        unanswered.add(answer);
        answer.whenComplete((value, failure) -> unanswered.remove(answer));
        if (!running) {
            answer.completeExceptionally(new IllegalStateException("the policy loop has stopped"));
            return answer;
        }
        submit(s -> {
            try {
                dispatch(s.fire());
                answer.complete(question.apply(s));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /**
     * {@link #query}, waited for: what request threads use. A loop that does not answer within {@link #READ_TIMEOUT}
     * is a fault of Lifeboat's, reported as such.
     */
    public <T> T read(Function<PolicySession, T> question) {
        try {
            return query(question).get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the live session failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the policy loop did not answer within " + READ_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the live session", e);
        }
    }

    /**
     * Stops deciding if no action of this session is in flight, in one step on the loop thread, so that none can be
     * dispatched between the check and the stop: what a replica handing the cluster over needs. The caller then
     * {@link #close}s the loop.
     *
     * @return whether the loop stopped
     */
    public boolean stopIfQuiet() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        if (!running) {
            return false;
        }
        submit(s -> {
            boolean quiet = s.facts(Action.class).stream().noneMatch(Action::isInFlight);
            // Stops only if the caller still waits: one that gave up goes on leading with this loop.
            if (quiet && answer.complete(true)) {
                running = false;
            } else {
                answer.complete(false);
            }
        });
        try {
            return answer.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return !answer.complete(false) && answer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !answer.complete(false) && answer.join();
        }
    }

    private void run() {
        while (running) {
            try {
                Stamped command = commands.poll(tick.toMillis(), TimeUnit.MILLISECONDS);
                while (command != null && running) { // a stopped loop decides nothing more
                    apply(command);
                    command = commands.poll();
                }
                if (!running) {
                    return;
                }
                session.timeUpTo(null);
                dispatch(session.fire());
                settled();
            } catch (RunawayRulesException e) {
                ranAway(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A failing command must not stop the loop: the cluster still needs watching.
                LOG.error("policy loop step failed", e);
            }
        }
    }

    private void ranAway(RunawayRulesException e) {
        if (runaway == null) {
            // Reported once per episode: the loop goes on applying commands, and tries again every tick.
            LOG.errorf("the live rules do not settle; what they decide is dispatched only once they do: %s", e.getMessage());
        }
        runaway = e;
    }

    private void settled() {
        if (runaway != null) {
            LOG.info("the live rules settled again");
            runaway = null;
        }
    }

    private void apply(Stamped command) {
        try {
            session.timeUpTo(command.at());
            command.command().accept(session);
        } catch (RuntimeException e) {
            LOG.error("policy command failed", e);
        }
    }

    private void dispatch(List<Action> actions) {
        for (Action action : actions) {
            session.markDispatched(action);
            LOG.infof("%s %s by %s: %s", action.getType(), action.getSubject(), action.getExplanation().ruleId(),
                    action.getReason());
            if (leader != null) {
                action.decidedBy(leader);
            }
            dispatcher.dispatch(action, outcome -> submit(s -> s.applyOutcome(outcome)));
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
        queuedSwaps.forEach(swap -> {
            if (swap.start()) {
                swap.succeeded();
            }
        });
        // Questions queued behind the end are never answered by the loop: their askers learn it now, not at a timeout.
        unanswered.forEach(answer -> answer.completeExceptionally(new IllegalStateException("the policy loop has stopped")));
    }
}
