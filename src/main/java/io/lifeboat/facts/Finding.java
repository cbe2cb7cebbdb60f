package io.lifeboat.facts;

import java.util.Objects;

/**
 * Something the support and capacity rules found about the cluster: a violation or a piece of advice. Inserted
 * logically, so it disappears by itself when the facts that caused it are fixed. Equal findings are one finding.
 */
public abstract class Finding {
    private final String code;
    private final String subject;
    private final String message;
    private String ruleId = "";

    protected Finding(String code, String subject, String message) {
        this.code = Objects.requireNonNull(code);
        this.subject = Objects.requireNonNull(subject);
        this.message = Objects.requireNonNull(message);
    }

    public String getCode() { return code; }
    /** "cluster/prod", "host/h1", "vm/db1". */
    public String getSubject() { return subject; }
    public String getMessage() { return message; }
    /** The {@code @id} of the rule that found it; set by the session when the rule inserts it. */
    public String getRuleId() { return ruleId; }

    public void attribute(String ruleId) {
        this.ruleId = Objects.requireNonNull(ruleId);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && code.equals(((Finding) o).code)
                && subject.equals(((Finding) o).subject) && message.equals(((Finding) o).message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), code, subject, message);
    }
}
