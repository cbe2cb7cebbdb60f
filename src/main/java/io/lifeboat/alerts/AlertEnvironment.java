package io.lifeboat.alerts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.lifeboat.actions.Alert;

/**
 * The environment an alert agent runs with: Pacemaker's {@code CRM_alert_*} names where they mean the same, and
 * {@code LIFEBOAT_alert_*} for what only Lifeboat has. Nothing of Lifeboat's own environment is passed on but
 * {@link #INHERITED} (it may hold the admin or database password); an alert holds its reason, never a fence device's
 * parameters.
 */
public final class AlertEnvironment {
    /** What an agent needs of the service's environment to find programs and print text. */
    static final Set<String> INHERITED = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ");

    private AlertEnvironment() {
    }

    /**
     * @param recipient the configured recipient, or "" when none is (agents must cope, as Pacemaker's do)
     * @param sequence  grows by one with each alert this service raises
     */
    public static Map<String, String> of(Alert alert, String recipient, long sequence, Instant at,
                                         DateTimeFormatter timestampFormat, String version) {
        Map<String, String> env = new LinkedHashMap<>();
        String subject = alert.getSubject();
        env.put("CRM_alert_kind", AlertKind.of(alert).value());
        env.put("CRM_alert_version", version);
        env.put("CRM_alert_recipient", recipient);
        env.put("CRM_alert_node_sequence", Long.toString(sequence));
        env.put("CRM_alert_timestamp", timestampFormat.format(at.atZone(ZoneOffset.UTC)));
        env.put("CRM_alert_timestamp_epoch", Long.toString(at.getEpochSecond()));
        env.put("CRM_alert_timestamp_usec", Long.toString(at.getNano() / 1000));
        env.put("CRM_alert_node", subject.startsWith("host/") ? subject.substring(5) : "");
        env.put("CRM_alert_rsc", subject.startsWith("vm/") ? subject.substring(3) : "");
        env.put("CRM_alert_task", alert.getCode());
        env.put("CRM_alert_desc", alert.getReason());
        env.put("LIFEBOAT_alert_code", alert.getCode());
        env.put("LIFEBOAT_alert_subject", subject);
        env.put("LIFEBOAT_alert_reason", alert.getReason());
        env.put("LIFEBOAT_alert_rule", alert.getExplanation().ruleId());
        env.put("LIFEBOAT_alert_key", alert.getKey());
        // One line per value: an agent that writes "one line per alert" must be able to.
        env.replaceAll((name, value) -> value.replaceAll("\\p{Cntrl}", " "));
        return env;
    }
}
