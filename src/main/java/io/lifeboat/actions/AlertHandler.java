package io.lifeboat.actions;

import org.jboss.logging.Logger;

/** Alerts go to the log (and the journal, like every action); notification channels plug in here. */
public class AlertHandler implements ActionHandler<Alert> {
    private static final Logger LOG = Logger.getLogger(AlertHandler.class);

    @Override
    public Class<Alert> handles() {
        return Alert.class;
    }

    @Override
    public ActionOutcome execute(Alert alert) {
        LOG.warnf("ALERT %s %s: %s", alert.getCode(), alert.getSubject(), alert.getReason());
        return ActionOutcome.succeeded(alert.getKey(), "logged");
    }
}
