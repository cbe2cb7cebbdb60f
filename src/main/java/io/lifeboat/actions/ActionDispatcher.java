package io.lifeboat.actions;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Carries out the rules' actions off the policy loop: journal first, then the plugin under a timeout, then the
 * outcome back to the loop. An action type with no handler is never guessed at: it fails, and says so. The timeout
 * is the configured one, or what the handler says the action needs if that is longer (a fence level of several
 * devices, each with its own agent timeout). Alerts have threads of their own: a slow alert agent must never hold
 * up a fence or a restart, nor wait behind one.
 */
public class ActionDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ActionDispatcher.class);
    private static final int ALERT_THREADS = 2;

    private final Map<Class<?>, ActionHandler<?>> handlers = new HashMap<>();
    private final Journal journal;
    private final Duration timeout;
    private final ExecutorService workers;
    private final ExecutorService alerts;
    private final ExecutorService plugins;
    private final Logger.Level outcomeLevel;
    private final DispatchListener listener;

    public ActionDispatcher(List<ActionHandler<?>> handlers, Journal journal, Duration timeout, int threads) {
        this(handlers, journal, timeout, threads, DispatchListener.NONE);
    }

    public ActionDispatcher(List<ActionHandler<?>> handlers, Journal journal, Duration timeout, int threads,
                            DispatchListener listener) {
        this(handlers, journal, timeout, threads, Logger.Level.INFO, listener);
    }

    private ActionDispatcher(List<ActionHandler<?>> handlers, Journal journal, Duration timeout, int threads,
                             Logger.Level outcomeLevel, DispatchListener listener) {
        this.outcomeLevel = outcomeLevel;
        this.listener = listener;
        handlers.forEach(h -> this.handlers.put(h.handles(), h));
        this.journal = journal;
        this.timeout = timeout;
        this.workers = Executors.newFixedThreadPool(threads, named("lifeboat-dispatch"));
        this.alerts = Executors.newFixedThreadPool(ALERT_THREADS, named("lifeboat-alert"));
        this.plugins = Executors.newCachedThreadPool(named("lifeboat-plugin"));
    }

    /**
     * A dispatcher for simulations (simulate, what-if): journal in memory, outcomes logged at DEBUG only, so that a
     * plan never reads like something done to the live cluster in the service's log, nor counts in its metrics.
     */
    public static ActionDispatcher forSimulation(List<ActionHandler<?>> handlers, Duration timeout) {
        return new ActionDispatcher(handlers, new InMemoryJournal(), timeout, 1, Logger.Level.DEBUG,
                DispatchListener.NONE);
    }

    /** Queues an action a rule decided; {@code onOutcome} is called exactly once, from a dispatcher thread. */
    public void dispatch(Action action, Consumer<ActionOutcome> onOutcome) {
        listener.decided(action);
        ExecutorService lane = action.getType() == ActionType.ALERT ? alerts : workers;
        lane.execute(() -> onOutcome.accept(carryOut(action)));
    }

    /** Journal, act, journal: synchronous, for the dispatcher threads and for tests. */
    public ActionOutcome carryOut(Action action) {
        try {
            journal.recordIntent(action);
        } catch (RuntimeException e) {
            LOG.errorf(e, "not carrying out %s: the journal refused it", action.getKey());
            ActionOutcome refused = ActionOutcome.failed(action.getKey(), "not carried out: journal unavailable");
            listener.finished(action, refused, Duration.ZERO);
            return refused;
        }
        long start = System.nanoTime();
        ActionOutcome outcome = execute(action);
        listener.finished(action, outcome, Duration.ofNanos(System.nanoTime() - start));
        LOG.logf(outcomeLevel, "%s %s -> %s %s", action.getType(), action.getSubject(), outcome.status(), outcome.message());
        try {
            journal.recordOutcome(action, outcome);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not journal the outcome of %s", action.getKey());
        }
        return outcome;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ActionOutcome execute(Action action) {
        ActionHandler handler = handlers.get(action.getClass());
        if (handler == null) {
            return ActionOutcome.failed(action.getKey(), "no plugin handles " + action.getType());
        }
        Duration needed = handler.timeNeeded(action);
        Duration limit = needed.compareTo(timeout) > 0 ? needed : timeout;
        Future<ActionOutcome> running = plugins.submit(() -> handler.execute(action));
        try {
            return running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return new ActionOutcome(action.getKey(), ActionStatus.TIMED_OUT, "no answer within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? e.toString() : String.valueOf(e.getCause().getMessage());
            return ActionOutcome.failed(action.getKey(), why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionOutcome.failed(action.getKey(), "interrupted");
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Takes no more actions; those queued or under way finish, journal included: what a replica that stands down owes
     * the actions it journalled under its lease.
     */
    public void finish() {
        workers.shutdown();
        alerts.shutdown();
        plugins.shutdown();
    }

    @Override
    public void close() {
        workers.shutdownNow();
        alerts.shutdownNow();
        plugins.shutdownNow();
    }
}
