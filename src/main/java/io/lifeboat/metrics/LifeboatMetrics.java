package io.lifeboat.metrics;

import java.time.Duration;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.ActionType;
import io.lifeboat.actions.DispatchListener;
import io.lifeboat.alerts.AlertKind;
import io.lifeboat.alerts.DeliveryListener;
import io.lifeboat.alerts.DeliveryOutcome;
import io.lifeboat.facts.BlockedReason;
import io.lifeboat.facts.HostStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Lifeboat's own metrics, {@code lifeboat_*} on {@code /q/metrics} (README "Metrics"). Fed by the live dispatcher, the
 * alert agents, the policy manager and a periodic copy of the cluster picture; simulations feed nothing. Every label
 * value known in advance is registered at 0, so that a query for one that never happened finds 0, not nothing.
 */
@ApplicationScoped
public class LifeboatMetrics implements DispatchListener, DeliveryListener {
    private static final ActionStatus[] OUTCOMES = {ActionStatus.SUCCEEDED, ActionStatus.FAILED,
            ActionStatus.TIMED_OUT, ActionStatus.REFUSED};

    @Inject
    MeterRegistry registry;

    private volatile ClusterCounts counts = ClusterCounts.EMPTY;

    @PostConstruct
    void register() {
        for (HostStatus.State state : HostStatus.State.values()) {
            Gauge.builder("lifeboat.hosts", this, m -> m.counts.hosts(state))
                    .description("Managed hosts by state, as the status shows them").tag("state", state.name())
                    .register(registry);
        }
        for (BlockedReason reason : BlockedReason.values()) {
            Gauge.builder("lifeboat.vms.blocked", this, m -> m.counts.blocked(reason.name()))
                    .description("VMs that should run and cannot, by reason code").tag("reason", reason.name())
                    .register(registry);
        }
        for (ActionType type : ActionType.values()) {
            for (ActionStatus outcome : OUTCOMES) {
                actions(type, outcome);
            }
        }
        for (ActionStatus outcome : OUTCOMES) {
            fenceDuration(outcome);
        }
        for (AlertKind kind : AlertKind.values()) {
            for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
                alerts(kind, outcome);
            }
        }
        reloads(true);
        reloads(false);
    }

    @Override
    public void decided(Action action) {
        String rule = action.getExplanation().ruleId();
        Counter.builder("lifeboat.decisions").description("Actions decided by the live policy, by the rule that decided")
                .tag("rule", rule.isEmpty() ? "unknown" : rule).register(registry).increment();
    }

    @Override
    public void finished(Action action, ActionOutcome outcome, Duration took) {
        actions(action.getType(), outcome.status()).increment();
        if (action.getType() == ActionType.FENCE_HOST) {
            fenceDuration(outcome.status()).record(took);
        }
    }

    @Override
    public void delivered(AlertKind kind, DeliveryOutcome outcome) {
        alerts(kind, outcome).increment();
    }

    /** A reload of the live policy: applied, or refused (the live policy unchanged). */
    public void policyReloaded(boolean applied) {
        reloads(applied).increment();
    }

    /** The gauges' new values; called off the scrape, so a scrape never waits for the policy loop. */
    public void update(ClusterCounts latest) {
        this.counts = latest;
    }

    private Counter actions(ActionType type, ActionStatus outcome) {
        return Counter.builder("lifeboat.actions").description("Actions carried out, by type and outcome")
                .tag("type", type.name()).tag("outcome", outcome.name()).register(registry);
    }

    private Timer fenceDuration(ActionStatus outcome) {
        return Timer.builder("lifeboat.fence.duration")
                .description("How long a fence level took, off and status on every device, by outcome")
                .tag("outcome", outcome.name()).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    private Counter alerts(AlertKind kind, DeliveryOutcome outcome) {
        return Counter.builder("lifeboat.alerts")
                .description("Alert deliveries: one per agent run and recipient, or one NO_AGENT when none is configured")
                .tag("kind", kind.value()).tag("outcome", outcome.name()).register(registry);
    }

    private Counter reloads(boolean applied) {
        return Counter.builder("lifeboat.policy.reloads").description("Reloads of the live policy, by outcome")
                .tag("outcome", applied ? "APPLIED" : "REFUSED").register(registry);
    }
}
