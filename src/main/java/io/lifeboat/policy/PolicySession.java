package io.lifeboat.policy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.drools.core.common.DefaultEventHandle;
import org.drools.core.common.EqualityKey;
import org.drools.core.common.InternalFactHandle;
import org.drools.core.common.ReteEvaluator;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;
import org.kie.api.KieServices;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.facts.Countdown;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.HostObservation;
import io.lifeboat.placement.FailoverReserve;

/**
 * A Drools session in STREAM mode whose time is a pseudo clock driven from an injected {@link Clock}. The live
 * service passes the system clock, tests and simulate pass a clock they move by hand: the same rules then fire at the
 * same instants. Not thread-safe by design: exactly one thread (the policy loop) may call it.
 */
public class PolicySession implements AutoCloseable {
    /**
     * Firings allowed in one go before the rules count as running away. Far above what a settled decision needs (a
     * cluster of a thousand VMs loads in tens of thousands), and reached in seconds by a rule that loops.
     */
    public static final int MAX_FIRINGS = 1_000_000;
    /** Firings watched, once the limit was hit, to name the rules that keep firing. */
    private static final int SAMPLE_FIRINGS = 2_000;

    /**
     * Shared by every session and never changed once made: making one reads the kie.session.conf files off the class
     * path, which cost a simulate request more than a tenth of its time.
     */
    private static final KieSessionConfiguration CONFIGURATION = sessionConfiguration();

    /** The global through which the N+K rule keeps what it computed between changes. */
    static final String FAILOVER_RESERVE = "failoverReserve";

    private final KieSession session;
    private final FailoverReserve failoverReserve;
    private final SessionPseudoClock pseudoClock;
    private final Clock clock;
    /** How far session time may move now (see {@link #timeUpTo}); null: to the injected clock's now. */
    private Long horizon;
    private final ActionCollector collector;
    private final FiringLog firings;
    private final StateChanges changes;
    /** The newest observation of each host, the one in the session. */
    private final Map<String, HostObservation> observations = new java.util.HashMap<>();
    /** Actions waiting for their outcome, by key. */
    private final Map<String, Action> awaitingOutcome = new LinkedHashMap<>();

    public PolicySession(CompiledPolicy policy, Clock clock, String actionKeyPrefix) {
        this(policy, clock, new ActionCollector(actionKeyPrefix), new FiringLog(), new StateChanges());
        catchUpClock();
    }

    private PolicySession(CompiledPolicy policy, Clock clock, ActionCollector collector, FiringLog firings,
            StateChanges changes) {
        this.session = policy.kieBase().newKieSession(CONFIGURATION, null);
        this.failoverReserve = declaresGlobal(policy, FAILOVER_RESERVE) ? new FailoverReserve() : null;
        if (failoverReserve != null) {
            session.setGlobal(FAILOVER_RESERVE, failoverReserve);
        }
        this.pseudoClock = session.getSessionClock();
        this.clock = clock;
        this.collector = collector;
        session.addEventListener(collector.agendaListener);
        session.addEventListener(collector.runtimeListener);
        this.firings = firings;
        session.addEventListener(firings);
        this.changes = changes;
        session.addEventListener(changes);
    }

    private static KieSessionConfiguration sessionConfiguration() {
        KieSessionConfiguration configuration = KieServices.Factory.get().newKieSessionConfiguration();
        configuration.setOption(ClockTypeOption.PSEUDO);
        return configuration;
    }

    /** The N+K check's state in this session, when its rules declare it. */
    public Optional<FailoverReserve> failoverReserve() {
        return Optional.ofNullable(failoverReserve);
    }

    private static boolean declaresGlobal(CompiledPolicy policy, String name) {
        return policy.kieBase().getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(name)));
    }

    /**
     * A session of another rule base that carries on from this one: the same stated facts (derived ones are derived
     * again by the new rules), actions still waiting for outcomes, and action keys that go on counting. Events are
     * re-inserted at the instants they first arrived, so a heartbeat timeout that was counting keeps its deadline;
     * {@link Countdown} facts resume with the time they already counted, and a fence retry counts from the last
     * failure: every timer keeps its first deadline.
     * This session is left untouched; the caller closes it once the successor is live.
     */
    public PolicySession successor(CompiledPolicy policy) {
        PolicySession next = new PolicySession(policy, clock, collector, firings, changes);
        List<Object> facts = new ArrayList<>();
        List<DefaultEventHandle> events = new ArrayList<>();
        for (FactHandle handle : session.getFactHandles()) {
            InternalFactHandle fact = (InternalFactHandle) handle;
            if (fact.getEqualityKey() != null && fact.getEqualityKey().getStatus() == EqualityKey.JUSTIFIED) {
                continue;
            }
            if (fact.isEvent()) {
                events.add((DefaultEventHandle) fact);
            } else {
                facts.add(fact.getObject());
            }
        }
        // Actions the old rules decided but the loop has not dispatched yet: they go on, whichever session wins.
        List<Action> undispatched = collector.drain();
        try {
            next.replay(facts, Replayed.inOrder(events), pseudoClock.getCurrentTime());
        } catch (RuntimeException e) {
            // Whatever the new rules decided while failing is theirs: it must not reach the old session's dispatch.
            next.session.dispose();
            collector.drain();
            collector.requeue(undispatched);
            throw e;
        }
        collector.requeue(undispatched);
        next.awaitingOutcome.putAll(awaitingOutcome);
        next.observations.putAll(observations);
        return next;
    }

    /**
     * An event to replay, at the instant it goes in again: its own, except for a heartbeat a newer one of its host
     * superseded (another source's, such as the one assumed when Lifeboat began watching the host), which goes in just
     * before that newer one. Replayed at its own time, it would open a gap in the host's history that never was: the
     * heartbeats between them are gone, and the host would be declared silent in the middle of the replay.
     */
    private record Replayed(long at, long order, Object event) {
        static List<Replayed> inOrder(List<DefaultEventHandle> handles) {
            Map<String, DefaultEventHandle> newest = new HashMap<>();
            for (DefaultEventHandle handle : handles) {
                if (handle.getObject() instanceof Heartbeat beat) {
                    newest.merge(beat.host(), handle, (a, b) -> ((Heartbeat) a.getObject()).seq() > beat.seq() ? a : b);
                }
            }
            List<Replayed> replayed = new ArrayList<>();
            for (DefaultEventHandle handle : handles) {
                long at = handle.getStartTimestamp();
                long order = 0;
                if (handle.getObject() instanceof Heartbeat beat) {
                    at = Math.max(at, newest.get(beat.host()).getStartTimestamp());
                    order = beat.seq();
                }
                replayed.add(new Replayed(at, order, handle.getObject()));
            }
            replayed.sort(Comparator.comparingLong(Replayed::at).thenComparingLong(Replayed::order));
            return replayed;
        }
    }

    private void replay(List<Object> facts, List<Replayed> events, long now) {
        long start = events.isEmpty() ? now
                : Math.min(events.get(0).at(), now);
        pseudoClock.advanceTime(start, TimeUnit.MILLISECONDS);
        // Stated facts all go in at once, so the new rules see one consistent state; a fact whose timer was counting
        // goes in with the time it already counted, so the timer ends when it would have.
        facts.forEach(fact -> session.insert(fact instanceof Countdown countdown ? countdown.resumedAt(start) : fact));
        fireAll();
        for (Replayed event : events) {
            long lag = event.at() - pseudoClock.getCurrentTime();
            if (lag > 0) {
                pseudoClock.advanceTime(lag, TimeUnit.MILLISECONDS);
            }
            session.insert(event.event());
            fireAll();
        }
        // Not caught up to now here: news queued behind this replay goes in at its own time first (timeUpTo).
    }

    /** Fires what is due, at most {@link #MAX_FIRINGS} times: a rule set that does not settle must not hang its writer. */
    private void fireAll() {
        if (!fireBounded()) {
            return;
        }
        Map<String, Integer> byRule = new TreeMap<>();
        AgendaEventListener sampler = new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                byRule.merge(RuleMetadata.id(event.getMatch().getRule()), 1, Integer::sum);
            }
        };
        session.addEventListener(sampler);
        try {
            session.fireAllRules(SAMPLE_FIRINGS);
        } finally {
            session.removeEventListener(sampler);
        }
        Map<String, Integer> busiest = new LinkedHashMap<>();
        byRule.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                .forEach(e -> busiest.put(e.getKey(), e.getValue()));
        throw new RunawayRulesException("the rules did not settle: " + MAX_FIRINGS + " firings in one go", busiest);
    }

    /** Fires at most {@link #MAX_FIRINGS} times; true if that limit was reached. */
    private boolean fireBounded() {
        return session.fireAllRules(MAX_FIRINGS) >= MAX_FIRINGS;
    }

    /** Inserts at the injected clock's time: events are stamped, and timers counted, from now. */
    public FactHandle insert(Object fact) {
        catchUpClock();
        return session.insert(fact);
    }

    /**
     * Session time moves at most up to {@code millis} of the injected clock from now on (null: up to now). The live loop
     * sets it to the instant each queued command was submitted, so news that waited behind a slow step (a reload, a
     * large reconfiguration) goes in at its own time, before later timers are due: a host heard a second ago must not
     * be declared silent because the loop took its heartbeat late.
     */
    void timeUpTo(Long millis) {
        horizon = millis;
    }

    /** The clock this session's time follows. */
    public Clock clock() {
        return clock;
    }

    public void delete(Object fact) {
        FactHandle handle = session.getFactHandle(fact);
        if (handle == null) {
            throw new IllegalStateException("not in the session: " + fact);
        }
        session.delete(handle);
    }

    public void update(Object fact) {
        FactHandle handle = session.getFactHandle(fact);
        if (handle == null) {
            throw new IllegalStateException("not in the session: " + fact);
        }
        session.update(handle, fact);
    }

    /**
     * Brings session time up to the injected clock, firing timers on the way, then fires everything that is due.
     *
     * @return the actions the rules inserted, each with its idempotency key and explanation
     */
    public List<Action> fire() {
        catchUpClock();
        fireAll();
        List<Action> fresh = collector.drain();
        fresh.forEach(a -> awaitingOutcome.put(a.getKey(), a));
        return fresh;
    }

    /**
     * Moves session time to the injected clock (or the horizon, {@link #timeUpTo}); fires first, so what is pending gets
     * its timers at its own time.
     */
    private void catchUpClock() {
        long now = clock.millis();
        long lag = (horizon == null ? now : Math.min(horizon, now)) - pseudoClock.getCurrentTime();
        if (lag > 0) {
            // Not checked here: a fact must go in even while the rules run away; fire() reports them.
            fireBounded();
            pseudoClock.advanceTime(lag, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Session time until the next timer, expiry or temporal window of the rules is due, or empty when none is pending:
     * until then the rules decide nothing new unless a fact arrives.
     */
    public OptionalLong millisToNextTimer() {
        long millis = ((ReteEvaluator) session).getTimerService().getTimeToNextJob();
        return millis < 0 ? OptionalLong.empty() : OptionalLong.of(millis);
    }

    /**
     * How many facts other than heartbeats were inserted, updated or deleted so far, this session's predecessors
     * included: simulate compares it across a heartbeat round to know the cluster is at rest.
     */
    public long factChanges() {
        return changes.count();
    }

    /** Replaces the host's observation if what runs there changed (see {@link PolicyLoop#observe}). */
    public void observe(String host, Set<String> running) {
        HostObservation previous = observations.get(host);
        if (previous != null && previous.running().equals(running)) {
            return;
        }
        HostObservation fresh = new HostObservation(host, Set.copyOf(running));
        if (previous != null) {
            delete(previous);
        }
        insert(fresh);
        observations.put(host, fresh);
    }

    /** A host left the cluster: what it ran is no longer observed. */
    public void forgetObservation(String host) {
        HostObservation previous = observations.remove(host);
        if (previous != null) {
            delete(previous);
        }
    }

    /** Applies a plugin's outcome to its action fact, so rules see it (e.g. try the next fence level). */
    public void applyOutcome(ActionOutcome outcome) {
        Action action = awaitingOutcome.remove(outcome.actionKey());
        if (action == null) {
            throw new IllegalArgumentException("no action awaits an outcome under key " + outcome.actionKey());
        }
        catchUpClock();
        action.complete(outcome, now());
        update(action);
    }

    /** Marks actions as handed to the dispatcher. */
    public void markDispatched(Action action) {
        action.markDispatched();
        update(action);
    }

    public <T> List<T> facts(Class<T> type) {
        // A ClassObjectFilter is answered from the store's index by class; any other filter scans every fact.
        Collection<?> objects = session.getObjects(new ClassObjectFilter(type));
        return objects.stream().map(type::cast).toList();
    }

    /** The newest rule firings that concern a subject ("vm/db1", "host/h1"), oldest first. */
    public List<FiringLog.Firing> firingsOf(String subject) {
        return firings.of(subject);
    }

    /** How many facts the session holds (for benchmarks and diagnostics). */
    public long factCount() {
        return session.getFactCount();
    }

    /** Session time in epoch milliseconds. */
    public long now() {
        return pseudoClock.getCurrentTime();
    }

    @Override
    public void close() {
        session.dispose();
    }
}
