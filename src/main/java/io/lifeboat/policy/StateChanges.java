package io.lifeboat.policy;

import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;

import io.lifeboat.facts.Heartbeat;

/**
 * Counts the facts inserted, updated and deleted in a session, heartbeats left out: two counts taken a heartbeat round
 * apart are equal when that round changed nothing but which heartbeat is the newest. Simulate skips the rounds of a
 * cluster at rest with it ({@link PolicySession#factChanges()}).
 */
final class StateChanges extends DefaultRuleRuntimeEventListener {
    private long count;

    long count() {
        return count;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        countUnlessHeartbeat(event.getObject());
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        countUnlessHeartbeat(event.getObject());
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        countUnlessHeartbeat(event.getOldObject());
    }

    private void countUnlessHeartbeat(Object fact) {
        if (!(fact instanceof Heartbeat)) {
            count++;
        }
    }
}
