package io.lifeboat.actions;

import java.util.Objects;

/**
 * A decision of the rules, inserted as a fact by a rule consequence and carried out by the dispatcher. Rules see
 * its {@code status} change as outcomes come back (the loop updates the fact), which is how "fence level 1 failed,
 * try level 2" and "the start succeeded" are expressed in DRL.
 */
public abstract class Action {
    private static final String VM_SUBJECT = "vm/";

    private final String reason;
    private ActionStatus status = ActionStatus.PENDING;
    private String outcomeMessage = "";
    private String key = "";
    private long finishedAtMillis;
    private Explanation explanation = Explanation.NONE;
    private boolean applied;
    private LeaderStamp leader;

    protected Action(String reason) {
        this.reason = Objects.requireNonNull(reason);
    }

    public abstract ActionType getType();

    /** "host/h1", "vm/db1", "cluster/prod": what the action is about. */
    public abstract String getSubject();

    /**
     * The VM the action is about (subject "vm/NAME"), or null: rules join an action to its VM by name, an equality
     * Drools indexes, where a subject compared to a string built per pair is tried against every VM.
     */
    public String getVm() {
        String subject = getSubject();
        return subject != null && subject.startsWith(VM_SUBJECT) ? subject.substring(VM_SUBJECT.length()) : null;
    }

    public String getReason() { return reason; }
    public ActionStatus getStatus() { return status; }
    public String getOutcomeMessage() { return outcomeMessage; }
    public String getKey() { return key; }
    public Explanation getExplanation() { return explanation; }
    /** When its outcome came back (session time, epoch ms); 0 while it is in flight. */
    public long getFinishedAtMillis() { return finishedAtMillis; }

    public boolean isSucceeded() { return status == ActionStatus.SUCCEEDED; }
    public boolean isFinished() { return status.isFinished(); }
    /** Finished without success: failed, timed out or refused. */
    public boolean isFailed() { return status.isFinished() && status != ActionStatus.SUCCEEDED; }
    public boolean isInFlight() { return !status.isFinished(); }
    /**
     * Its outcome was applied to the facts (a start's VM marked running on the target): once only, so that later
     * facts (the target fenced, the VM down) are never undone by applying an old outcome again.
     */
    public boolean isApplied() { return applied; }

    public void markApplied() { this.applied = true; }

    /** Set once by the policy loop when it collects the action: the idempotency key and why it exists. */
    public void assign(String key, Explanation explanation) {
        this.key = Objects.requireNonNull(key);
        this.explanation = Objects.requireNonNull(explanation);
    }

    public void markDispatched() { this.status = ActionStatus.DISPATCHED; }

    /** The leader that decided it, when replicas share the work (null for a single Lifeboat and in simulate). */
    public LeaderStamp getLeader() { return leader; }

    /** Set by the policy loop of a leading replica as it hands the action to the dispatcher. */
    public void decidedBy(LeaderStamp stamp) { this.leader = stamp; }

    public void complete(ActionOutcome outcome, long atMillis) {
        this.status = outcome.status();
        this.outcomeMessage = outcome.message();
        this.finishedAtMillis = atMillis;
    }

    @Override
    public String toString() {
        return getType() + " " + getSubject() + " [" + status + "]";
    }
}
