package io.lifeboat.store;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.Journal;
import io.lifeboat.config.LifeboatConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * The journal the dispatcher writes to: the database, and while the database cannot be reached, the local
 * write-ahead file ({@link LocalJournal}), so that fencing and restarts go on with "journal before act" kept. Once the
 * database answers again, the scheduled merge hands it the file, in order and once, and only then do actions go to the
 * database again. A refusal the database answers (a stale lease token, a key journalled already) stays a refusal. An
 * action stamped with a lease is never kept locally: its lease cannot be checked without the database, and its leader
 * stands down before the lease can end anyway.
 *
 * <p>Writes to a healthy database run side by side (the read lock); the switch to the file, appends to it and the
 * merge take the write lock, so that no action is written to the database while older ones wait in the file.
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

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** The intents in the file: an action is journalled once, in the file as in the database. */
    private final Set<String> keptKeys = new HashSet<>();
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
        List<LocalJournal.Line> earlier = local.lines();
        if (!earlier.isEmpty()) {
            LOG.warnf("the local journal %s holds %d entries of an earlier run; they go to the database first",
                    local.file(), earlier.size());
            earlier.stream().filter(l -> l.kind() == LocalJournal.Line.Kind.INTENT).forEach(l -> keptKeys.add(l.actionKey()));
            goLocal("entries of an earlier run are still in the local file");
        }
    }

    @PreDestroy
    void close() {
        local.close();
    }

    @Override
    public void recordIntent(Action action) {
        write(() -> database.recordIntent(action), () -> {
            if (action.getLeader() != null) {
                throw new IllegalStateException("the database cannot be reached, and " + action.getKey()
                        + " was decided under a lease that cannot be checked without it: not carried out");
            }
            if (!keptKeys.add(action.getKey())) {
                throw new IllegalStateException("action " + action.getKey() + " was journalled already");
            }
            local.append(database.intentLine(action));
        });
    }

    @Override
    public void recordOutcome(Action action, ActionOutcome outcome) {
        write(() -> database.recordOutcome(action, outcome), () -> local.append(database.outcomeLine(action, outcome)));
    }

    /** Whether entries wait in the local file, since when and why. */
    public JournalMode mode() {
        return mode;
    }

    public int localEntries() {
        return local.lines().size();
    }

    /** Every lifeboat.journal.merge-every, on the scheduler's thread. */
    @Scheduled(every = "${lifeboat.journal.merge-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void mergeOnSchedule() {
        mergeIfKeptLocally();
    }

    /**
     * Hands what the local file holds to the database, if it answers: on schedule, and before a cluster is taken up.
     *
     * @return whether the database holds every entry now (nothing waits in the file)
     */
    public boolean mergeIfKeptLocally() {
        if (!mode.local()) {
            return true;
        }
        if (!databaseAnswers()) { // asked without the lock: a slow database holds no action up
            return false;
        }
        lock.writeLock().lock();
        try {
            List<LocalJournal.Line> lines = local.lines();
            database.merge(lines);
            local.clear();
            keptKeys.clear();
            mode = new JournalMode(false, null, null);
            LOG.infof("the database is back: %d entries of the local journal merged into it", lines.size());
        } catch (RuntimeException e) {
            LOG.errorf(e, "the local journal %s could not be merged into the database; it is kept and offered again",
                    local.file());
            return false;
        } finally {
            lock.writeLock().unlock();
        }
        listener.accept(mode);
        return true;
    }

    /** To the database unless entries wait in the file or it cannot be reached: then to the file, after them. */
    private void write(Runnable toDatabase, Runnable toLocalFile) {
        String unwritable;
        lock.readLock().lock();
        try {
            unwritable = mode.local() ? mode.reason() : writeToDatabase(toDatabase);
        } finally {
            lock.readLock().unlock();
        }
        if (unwritable == null) {
            return;
        }
        lock.writeLock().lock();
        try {
            goLocal(unwritable);
            toLocalFile.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * @return null once written, or why the database cannot be written (the entry then goes to the file)
     * @throws RuntimeException a refusal: of Lifeboat's own (a stale lease, a key journalled already), or of a
     *                          database that answers
     */
    private String writeToDatabase(Runnable toDatabase) {
        try {
            toDatabase.run();
            return null;
        } catch (RuntimeException e) {
            if (!DatabaseFailures.fromTheDatabase(e)) {
                throw e;
            }
            if (DatabaseFailures.unreachable(e) || !databaseAnswers()) {
                return String.valueOf(e.getMessage());
            }
        }
        // The database answers: most likely a pooled connection its restart broke. One more try, on a fresh one.
        try {
            toDatabase.run();
            return null;
        } catch (RuntimeException again) {
            if (DatabaseFailures.unreachable(again)) {
                return String.valueOf(again.getMessage());
            }
            throw again;
        }
    }

    private boolean databaseAnswers() {
        try {
            return database.answers();
        } catch (RuntimeException e) {
            return false; // the transaction around the question could not even start
        }
    }

    /** Under the write lock, or while opening. */
    private void goLocal(String reason) {
        if (mode.local()) {
            return;
        }
        LOG.errorf("the database cannot be written (%s): actions are journalled in %s until it returns", reason,
                local.file());
        mode = new JournalMode(true, clock.instant(), Optional.ofNullable(reason).orElse("unknown"));
        listener.accept(mode);
    }
}
