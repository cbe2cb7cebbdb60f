package io.lifeboat.actions;

import java.time.Duration;
import java.util.List;

/**
 * Makes the dispatcher of each managed cluster, with its plugins and journal: threads of its own, so that one
 * cluster's slow fences never hold up another's.
 */
public final class DispatcherFactory {
    private final List<ActionHandler<?>> handlers;
    private final Journal journal;
    private final Duration timeout;
    private final int threads;
    private final DispatchListener listener;

    public DispatcherFactory(List<ActionHandler<?>> handlers, Journal journal, Duration timeout, int threads,
                             DispatchListener listener) {
        this.handlers = List.copyOf(handlers);
        this.journal = journal;
        this.timeout = timeout;
        this.threads = threads;
        this.listener = listener;
    }

    public ActionDispatcher create() {
        return new ActionDispatcher(handlers, journal, timeout, threads, listener);
    }
}
