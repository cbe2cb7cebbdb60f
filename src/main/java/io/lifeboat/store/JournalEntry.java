package io.lifeboat.store;

import java.time.Instant;
import java.util.List;

import io.lifeboat.actions.ActionStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One action: written before it is carried out, completed with its outcome. */
@Entity
@Table(name = "journal_entry")
public class JournalEntry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** Idempotency key: the same action is never journalled, or carried out, twice. */
    @Column(name = "action_key")
    public String actionKey;
    /** The cluster the entry is about; null for what concerns the whole deployment (the policy, the users). */
    public String cluster;
    public String type;
    public String subject;
    /** Who asked: a user's name, or {@code lifeboat} for what Lifeboat decided itself. */
    public String actor;
    @Column(name = "rule_id")
    public String ruleId;
    public String reason;
    /** JSON: the rule and the facts it matched. */
    public String explanation;
    @Enumerated(EnumType.STRING)
    public ActionStatus status;
    @Column(name = "outcome_message")
    public String outcomeMessage;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    /** The replica that decided it and its lease token, with lifeboat.leadership; null otherwise. */
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "lease_token")
    public Long leaseToken;

    public static JournalEntry byKey(String key) {
        return find("actionKey", key).firstResult();
    }

    /**
     * The newest entries of the cluster and of the whole deployment (policy reloads, user changes), which concern every
     * cluster; {@code cluster} null: every entry.
     */
    public static List<JournalEntry> newest(String cluster, int count) {
        return (cluster == null ? findAll(Sort.descending("id"))
                : find("cluster = ?1 or cluster is null", Sort.descending("id"), cluster)).page(Page.ofSize(count)).list();
    }
}
