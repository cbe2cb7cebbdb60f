package io.lifeboat.store;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.LeaderStamp;
import io.lifeboat.actions.InterruptedAction;
import io.lifeboat.actions.Journal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** The journal in the database: each write commits before the dispatcher moves on. */
@ApplicationScoped
public class JournalStore implements Journal {
    /** The actor of what Lifeboat does by itself: its rules' actions, a reload after a file change. */
    public static final String LIFEBOAT = "lifeboat";
    /** The type of an operator's request (start a VM, maintenance, ...) in the journal. */
    public static final String OPERATION = "OPERATION";
    /** The type of a change of API users in the journal. */
    public static final String USER_CHANGE = "USER_CHANGE";
    /** The width of journal_entry.type. */
    private static final int MAX_TYPE = 16;

    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;
    @Inject
    LeaseStore leases;

    /**
     * The start of the keys of the actions a cluster's live session decides ({@code demo/1733.../}, then a number):
     * the journal tells by it which cluster an action belongs to (a cluster's name never changes).
     */
    public static String keyPrefix(String cluster, long sessionStartMillis) {
        return cluster + "/" + sessionStartMillis + "/";
    }

    /** The cluster of an action's key made with {@link #keyPrefix}: all before its last two '/'. */
    static String clusterOfKey(String actionKey) {
        int last = actionKey.lastIndexOf('/');
        int start = last > 0 ? actionKey.lastIndexOf('/', last - 1) : -1;
        return start > 0 ? actionKey.substring(0, start) : null;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordIntent(Action action) {
        LeaderStamp leader = action.getLeader();
        // In the same transaction as the entry, the lease row locked: no takeover falls between the check and the write.
        if (leader != null && !leases.holds(leader.cluster(), leader.replica(), leader.token())) {
            throw new IllegalStateException("action " + action.getKey() + " was decided by " + leader.replica()
                    + " under lease token " + leader.token() + ", which no longer leads cluster " + leader.cluster());
        }
        if (JournalEntry.byKey(action.getKey()) != null) {
            throw new IllegalStateException("action " + action.getKey() + " was journalled already");
        }
        intentOf(action).persist();
    }

    /** The entry an action's intent makes, not stored: for the database, or for the local journal. */
    public JournalEntry intentOf(Action action) {
        LeaderStamp leader = action.getLeader();
        JournalEntry entry = new JournalEntry();
        entry.actionKey = action.getKey();
        entry.cluster = clusterOfKey(action.getKey());
        entry.type = action.getType().name();
        entry.actor = LIFEBOAT;
        entry.subject = action.getSubject();
        entry.ruleId = action.getExplanation().ruleId();
        entry.reason = truncate(action.getReason());
        entry.explanation = toJson(action);
        entry.status = ActionStatus.DISPATCHED;
        entry.recordedAt = clock.instant();
        if (leader != null) {
            entry.decidedBy = leader.replica();
            entry.leaseToken = leader.token();
        }
        return entry;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordOutcome(Action action, ActionOutcome outcome) {
        JournalEntry entry = JournalEntry.byKey(action.getKey());
        if (entry == null) {
            throw new IllegalStateException("no journal entry for " + action.getKey());
        }
        entry.status = outcome.status();
        entry.outcomeMessage = truncate(outcome.message());
        entry.completedAt = clock.instant();
    }

    /** Whether the database answers a query now, on a connection of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean answers() {
        try {
            JournalEntry.getEntityManager().createNativeQuery("SELECT 1").getSingleResult();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Takes the lines the local journal kept while the database could not be written, in their order, in one
     * transaction: an intent the database already holds (its commit went through before the connection broke) is not
     * added twice, and an outcome completes its entry. Replaying the same lines again changes nothing.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void merge(List<LocalJournal.Line> lines) {
        for (LocalJournal.Line line : lines) {
            JournalEntry entry = JournalEntry.byKey(line.actionKey());
            if (line.kind() == LocalJournal.Line.Kind.INTENT) {
                if (entry == null) {
                    entryOf(line).persist();
                }
            } else if (entry == null) {
                throw new IllegalStateException("the local journal holds an outcome of " + line.actionKey()
                        + " whose intent is nowhere");
            } else {
                entry.status = ActionStatus.valueOf(line.status());
                entry.outcomeMessage = line.outcome();
                entry.completedAt = line.at();
            }
        }
    }

    /** The local journal's line for an action's intent. */
    public LocalJournal.Line intentLine(Action action) {
        JournalEntry e = intentOf(action);
        return new LocalJournal.Line(LocalJournal.Line.Kind.INTENT, e.actionKey, e.type, e.subject, e.actor, e.ruleId,
                e.reason, e.explanation, e.status.name(), null, e.recordedAt, e.decidedBy, e.leaseToken);
    }

    /** The local journal's line for an action's outcome. */
    public LocalJournal.Line outcomeLine(Action action, ActionOutcome outcome) {
        return new LocalJournal.Line(LocalJournal.Line.Kind.OUTCOME, action.getKey(), null, null, null, null, null,
                null, outcome.status().name(), truncate(outcome.message()), clock.instant(), null, null);
    }

    private static JournalEntry entryOf(LocalJournal.Line line) {
        JournalEntry entry = new JournalEntry();
        entry.actionKey = line.actionKey();
        entry.cluster = clusterOfKey(line.actionKey());
        entry.type = line.type();
        entry.subject = line.subject();
        entry.actor = line.actor();
        entry.ruleId = line.ruleId();
        entry.reason = line.reason();
        entry.explanation = line.explanation();
        entry.status = ActionStatus.valueOf(line.status());
        entry.recordedAt = line.at();
        entry.decidedBy = line.decidedBy();
        entry.leaseToken = line.leaseToken();
        return entry;
    }

    /**
     * Closes the cluster's actions that were carried out but never got an outcome because Lifeboat stopped: each is
     * marked FAILED with what the hypervisors report now ({@code reconciled} gives it by subject). Nothing is repeated.
     * Other clusters' actions are theirs: they may be under way on another replica.
     *
     * @return the actions closed
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<InterruptedAction> closeInterrupted(String cluster,
                                                    java.util.function.Function<String, String> reconciled) {
        List<JournalEntry> open = JournalEntry.list("status = ?1 and cluster = ?2", ActionStatus.DISPATCHED, cluster);
        for (JournalEntry entry : open) {
            entry.status = ActionStatus.FAILED;
            entry.outcomeMessage = truncate("interrupted by a stop of Lifeboat, not repeated; now: "
                    + reconciled.apply(entry.subject));
            entry.completedAt = clock.instant();
        }
        return open.stream().map(e -> new InterruptedAction(e.type, e.subject)).toList();
    }

    /** A policy reload, applied or refused, in the same journal as the actions it may lead to. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordPolicyReload(boolean applied, String trigger, String actor, String summary) {
        JournalEntry entry = completed("POLICY_RELOAD", "policy", actor, trigger);
        entry.status = applied ? ActionStatus.SUCCEEDED : ActionStatus.FAILED;
        entry.outcomeMessage = truncate(summary);
        entry.persist();
    }

    /**
     * A change or a request made by someone (a user change, an operation, a configuration change), done when it is
     * recorded. It joins the caller's transaction, so that a change and its entry are stored together or not at all.
     *
     * @param type    at most 16 characters, e.g. {@code CONFIG_CHANGE}, {@code USER_CHANGE}, {@code OPERATION}
     * @param subject what it is about, e.g. {@code host/h1}
     * @param actor   the user's name, or {@link #LIFEBOAT}
     * @param summary what changed, for people; never a secret
     */
    @Transactional
    public void recordChange(String type, String subject, String actor, String summary) {
        recordChange(null, type, subject, actor, summary);
    }

    /** {@link #recordChange(String, String, String, String)} about one cluster ({@code cluster} null: the deployment). */
    @Transactional
    public void recordChange(String cluster, String type, String subject, String actor, String summary) {
        if (type.length() > MAX_TYPE) {
            throw new IllegalArgumentException("a journal type has at most " + MAX_TYPE + " characters: " + type);
        }
        JournalEntry entry = completed(type, subject, actor, summary);
        entry.cluster = cluster;
        entry.status = ActionStatus.SUCCEEDED;
        entry.persist();
    }

    private JournalEntry completed(String type, String subject, String actor, String reason) {
        JournalEntry entry = new JournalEntry();
        entry.actionKey = type.toLowerCase(Locale.ROOT) + "/" + clock.millis() + "/" + UUID.randomUUID();
        entry.type = type;
        entry.subject = subject;
        entry.actor = actor;
        entry.ruleId = "";
        entry.reason = truncate(reason);
        entry.explanation = "{}";
        entry.recordedAt = clock.instant();
        entry.completedAt = entry.recordedAt;
        return entry;
    }

    private String toJson(Action action) {
        try {
            return json.writeValueAsString(action.getExplanation());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the explanation of " + action.getKey(), e);
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }
}
