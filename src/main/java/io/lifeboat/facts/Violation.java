package io.lifeboat.facts;

import java.util.Objects;

/** A support or capacity constraint the cluster breaks (codes: policy-docs/simulate.md, policy-docs/codes.md). */
public final class Violation extends Finding {
    private final Severity severity;

    public Violation(String code, Severity severity, String subject, String message) {
        super(code, subject, message);
        this.severity = Objects.requireNonNull(severity);
    }

    public Severity getSeverity() { return severity; }

    @Override
    public String toString() {
        return "Violation[" + getCode() + " " + severity + " " + getSubject() + ": " + getMessage() + "]";
    }
}
