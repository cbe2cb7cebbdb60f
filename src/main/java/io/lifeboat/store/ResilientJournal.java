package io.lifeboat.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.Journal;
import io.lifeboat.config.LifeboatConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * The journal the dispatcher writes to: the database, and while the database cannot be reached, the local
 * write-ahead file ({@link LocalJournal}), so that fencing and restarts go on with "journal before act" kept. What the
 * file holds is merged into the database when it answers again, in order and once, before anything new is written
 * there. A refusal the database answers (a stale lease token, a key journalled already) stays a refusal. An action
 * stamped with a lease is never kept locally: its lease cannot be checked without the database, and its leader stands
 * down before the lease can end anyway.
 */
@ApplicationScoped
public class ResilientJournal implements Journal {
    private static final Logger LOG = Logger.getLogger(ResilientJournal.class);

    @Inject
    JournalStore database;
    @Inject
    LifeboatConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    Event<JournalMode> modes;

    private LocalJournal local;
    private Consumer<JournalMode> listener;
    private volatile JournalMode mode;

    @PostConstruct
    void open() {
        open(new LocalJournal(config.journal().localFile(), json), modes::fire);
    }

    /** @param listener told of each change of mode (the CDI event in the service) */
    void open(LocalJournal file, Consumer<JournalMode> listener) {
        this.local = file;
        this.listener = listener;
        mode = new JournalMode(false, null, null);
        if (!local.isEmpty()) {
            LOG.warnf("the local journal %s holds entries of an earlier run; they are merged into the database",
                    local.file());
            goLocal("entries of an earlier run are still in the local file");
        }
    }

    @Override
    public synchronized void recordIntent(Action action) {
        write(() -> {
            database.recordIntent(action);
            return null;
        }, () -> {
            if (action.getLeader() != null) {
                throw new IllegalStateException("the database cannot be reached, and " + action.getKey()
                        + " was decided under a lease that cannot be checked without it: not carried out");
            }
            local.append(database.intentLine(action));
        });
    }

    @Override
    public synchronized void recordOutcome(Action action, ActionOutcome outcome) {
        write(() -> {
            database.recordOutcome(action, outcome);
            return null;
        }, () -> local.append(database.outcomeLine(action, outcome)));
    }

    /** Whether entries wait in the local file, since when and why. */
    public JournalMode mode() {
        return mode;
    }

    public int localEntries() {
        return local.lines().size();
    }

    /** Offers what the local file holds to the database again; on its own thread, every lifeboat.journal.merge-every. */
    @Scheduled(every = "${lifeboat.journal.merge-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void mergeIfKeptLocally() {
        if (mode.local()) {
            merge();
        }
    }

    /** The database first, unless entries wait in the local file: then they go first, or the new one joins them. */
    private void write(Supplier<Void> toDatabase, Runnable toLocalFile) {
        if (mode.local() && !merge()) {
            toLocalFile.run();
            return;
        }
        try {
            toDatabase.get();
        } catch (RuntimeException e) {
            if (!DatabaseFailures.fromTheDatabase(e)) {
                throw e; // a refusal of Lifeboat's own: a stale lease, an action journalled already
            }
            if (!DatabaseFailures.unreachable(e) && databaseAnswers()) {
                // The database answers: a pooled connection that broke with it (retried once), or a real refusal.
                try {
                    toDatabase.get();
                    return;
                } catch (RuntimeException again) {
                    if (!DatabaseFailures.unreachable(again)) {
                        throw again;
                    }
                }
            }
            goLocal(e.getMessage());
            toLocalFile.run();
        }
    }

    private boolean databaseAnswers() {
        try {
            return database.answers();
        } catch (RuntimeException e) {
            return false; // the transaction around the question could not even start
        }
    }

    /** @return whether the database now holds everything (the local file is empty) */
    private boolean merge() {
        List<LocalJournal.Line> lines = local.lines();
        try {
            if (!lines.isEmpty()) {
                database.merge(lines);
                local.clear();
            }
        } catch (RuntimeException e) {
            if (!DatabaseFailures.unreachable(e)) {
                LOG.errorf(e, "the database refused the local journal's %d entries; they stay in %s", lines.size(),
                        local.file());
            }
            return false;
        }
        LOG.infof("the database is back: %d entries of the local journal merged into it", lines.size());
        mode = new JournalMode(false, null, null);
        listener.accept(mode);
        return true;
    }

    private void goLocal(String reason) {
        if (mode.local()) {
            return;
        }
        Instant since = clock.instant();
        LOG.errorf("the database cannot be written (%s): actions are journalled in %s until it returns", reason,
                local.file());
        mode = new JournalMode(true, since, Optional.ofNullable(reason).orElse("unknown"));
        listener.accept(mode);
    }
}
