package io.lifeboat.facts;

/** A recommendation, not a fault: e.g. CONSIDER_RHEV when the cluster is the kind RHEV serves better. */
public final class Advice extends Finding {

    public Advice(String code, String subject, String message) {
        super(code, subject, message);
    }

    @Override
    public String toString() {
        return "Advice[" + getCode() + " " + getSubject() + ": " + getMessage() + "]";
    }
}
