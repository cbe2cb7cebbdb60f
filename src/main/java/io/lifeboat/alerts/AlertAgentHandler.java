package io.lifeboat.alerts;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.Alert;

/**
 * Carries out ALERT actions: the log always, then the alert agents ({@link AlertAgents}). The outcome says how many
 * agent runs there were and which failed; any failure makes it FAILED, so the journal shows an alert nobody got.
 */
public class AlertAgentHandler implements ActionHandler<Alert> {
    private static final Logger LOG = Logger.getLogger(AlertAgentHandler.class);
    private final AlertAgents agents;

    public AlertAgentHandler(AlertAgents agents) {
        this.agents = agents;
    }

    @Override
    public Class<Alert> handles() {
        return Alert.class;
    }

    @Override
    public Duration timeNeeded(Alert alert) {
        return agents.timeNeeded();
    }

    @Override
    public ActionOutcome execute(Alert alert) {
        LOG.warnf("ALERT %s %s: %s", alert.getCode(), alert.getSubject(), alert.getReason());
        AlertAgents.Delivery delivery = agents.deliver(alert);
        return delivery.failed() == 0 ? ActionOutcome.succeeded(alert.getKey(), delivery.summary())
                : ActionOutcome.failed(alert.getKey(), delivery.summary());
    }
}
