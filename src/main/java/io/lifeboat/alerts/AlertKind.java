package io.lifeboat.alerts;

import io.lifeboat.actions.Alert;

/**
 * Pacemaker's {@code CRM_alert_kind}, so that its alert agents can read Lifeboat's alerts: {@code fencing} for what
 * is about fencing a host, {@code node} for a host, {@code resource} for a VM. A cluster-wide alert that is not about
 * fencing is {@code cluster}, a kind Pacemaker does not have.
 */
public enum AlertKind {
    NODE, FENCING, RESOURCE, CLUSTER;

    public static AlertKind of(Alert alert) {
        // FENCING_FAILED, FENCING_SUSPENDED, FENCE_ACKNOWLEDGED, FENCE_ACK_REFUSED: named so by the rules.
        if (alert.getCode().startsWith("FENC")) {
            return FENCING;
        }
        String subject = alert.getSubject();
        if (subject.startsWith("host/")) {
            return NODE;
        }
        return subject.startsWith("vm/") ? RESOURCE : CLUSTER;
    }

    /** The value agents see: lower case, as Pacemaker's. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
