package io.lifeboat.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.ActionDispatcher;
import io.lifeboat.actions.ActionHandler;
import io.lifeboat.actions.ActionOutcome;
import io.lifeboat.actions.ActionStatus;
import io.lifeboat.actions.Alert;
import io.lifeboat.actions.FenceHost;
import io.lifeboat.actions.InterruptedAction;
import io.lifeboat.actions.MigrateVm;
import io.lifeboat.actions.PowerLedger;
import io.lifeboat.actions.StartVm;
import io.lifeboat.actions.StopVm;
import io.lifeboat.facts.Advice;
import io.lifeboat.facts.ClusterSettings;
import io.lifeboat.facts.FenceConfirmed;
import io.lifeboat.facts.FencingStartupGrace;
import io.lifeboat.facts.Heartbeat;
import io.lifeboat.facts.HostMetrics;
import io.lifeboat.facts.HostUnresponsive;
import io.lifeboat.facts.MaintenanceEnded;
import io.lifeboat.facts.MaintenanceRequested;
import io.lifeboat.facts.Violation;
import io.lifeboat.facts.Vm;
import io.lifeboat.facts.VmCrashed;
import io.lifeboat.facts.VmStartRequested;
import io.lifeboat.facts.VmState;
import io.lifeboat.fencing.ManualFenceConfirmation;
import io.lifeboat.handlers.ActionHandlers;
import io.lifeboat.hypervisor.HostInventory;
import io.lifeboat.hypervisor.VmDefinitions;
import io.lifeboat.hypervisor.VmLocations;
import io.lifeboat.policy.ClusterPicture;
import io.lifeboat.policy.CompiledPolicy;
import io.lifeboat.policy.ManualClock;
import io.lifeboat.policy.MeasuredLoads;
import io.lifeboat.policy.PolicySession;
import io.lifeboat.policy.RunawayRulesException;
import io.lifeboat.simulate.Scenario.EventSpec;
import io.lifeboat.simulate.Scenario.HostSpec;
import io.lifeboat.simulate.Scenario.VmSpec;

/**
 * Answers "what would Lifeboat do?" for a scenario: the shipped rules in a throw-away session on a pseudo clock, and
 * the real dispatcher with its safety checks, acting on a {@link SimulatedCluster} instead of hypervisors and fence
 * devices. Deterministic: the same scenario always gives the same plan.
 */
public final class Simulator {
    /**
     * How often a simulated host that answers sends a heartbeat, at most: a heartbeat timeout under twice this gets
     * heartbeats twice per timeout (whole seconds), else every host would time out between two of them.
     */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    private static final Duration STEP = Duration.ofSeconds(1);
    private static final int DEFAULT_FENCE_TIMEOUT_SECONDS = 60;
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final int MAX_ROUNDS_PER_INSTANT = 1_000;
    /** Who forces a VM_START with force: true (the journal of a live forced start names the user). */
    private static final String FORCED_IN_SCENARIO = "scenario";

    private final CompiledPolicy policy;

    public Simulator(CompiledPolicy policy) {
        this.policy = policy;
    }

    static Duration heartbeatInterval(Duration heartbeatTimeout) {
        long half = Math.max(1, heartbeatTimeout.toSeconds() / 2);
        return Duration.ofSeconds(Math.min(HEARTBEAT_INTERVAL.toSeconds(), half));
    }

    public Plan run(Scenario scenario) {
        return run(scenario, SimulatedCluster.Watch.NONE);
    }

    /** A run whose simulated world reports every start and every moment to {@code watch} (the safety property test). */
    Plan run(Scenario scenario, SimulatedCluster.Watch watch) {
        try (Run run = new Run(scenario, watch)) {
            return run.execute();
        }
    }

    /** One simulation: its clock, simulated world, recorded plan, and the Lifeboat process of the moment. */
    private final class Run implements AutoCloseable {
        private final Scenario scenario;
        private final ClusterSettings settings;
        private final Duration fenceTimeout;
        private final ManualClock clock = new ManualClock(Instant.EPOCH);
        private final SimulatedCluster world = new SimulatedCluster();
        /** Kept in the store: they outlive a restart of Lifeboat. */
        private final VmDefinitions definitions = new VmDefinitions();
        private final List<Plan.PlannedAction> planned = new ArrayList<>();
        private final PriorityQueue<Delayed> delayed = new PriorityQueue<>(Comparator.comparing(Delayed::due)
                .thenComparingLong(Delayed::order));
        private Lifeboat lifeboat;
        private int restarts;
        private long heartbeatSeq;
        private long delayedOrder;

        private record Delayed(Instant due, long order, Action action, ActionOutcome outcome) {
        }

        /**
         * What lives in Lifeboat's process and dies with it: the session, the dispatcher with what it knows of power
         * and locations, and the VM facts of this session.
         */
        private final class Lifeboat implements AutoCloseable {
            private PolicySession session;
            private final PowerLedger ledger = new PowerLedger();
            private final ManualFenceConfirmation fenceAcks = new ManualFenceConfirmation(ledger);
            private final VmLocations locations = new VmLocations();
            private final ActionDispatcher dispatcher;
            private final List<Vm> vms = new ArrayList<>();
            private final MeasuredLoads measuredLoads = new MeasuredLoads();

            Lifeboat(String keyPrefix) {
                this.session = new PolicySession(policy, clock, keyPrefix);
                List<ActionHandler<?>> handlers = ActionHandlers.of(world, world, world, ledger, definitions,
                        locations, fenceTimeout, new RecordedAlerts());
                this.dispatcher = ActionDispatcher.forSimulation(handlers, fenceTimeout.plusSeconds(1));
            }

            @Override
            public void close() {
                session.close();
                dispatcher.close();
            }
        }

        Run(Scenario scenario, SimulatedCluster.Watch watch) {
            this.scenario = scenario;
            this.settings = ScenarioFacts.settings(scenario.cluster(), Duration.ZERO);
            int fenceSeconds = Optional.ofNullable(scenario.cluster().fenceTimeout()).orElse(DEFAULT_FENCE_TIMEOUT_SECONDS);
            this.fenceTimeout = Duration.ofSeconds(fenceSeconds);
            world.watch(watch);
            this.lifeboat = new Lifeboat("sim/");
            load();
        }

        private void load() {
            PolicySession session = lifeboat.session;
            session.insert(settings);
            if (!startupGrace().isZero()) {
                session.insert(new FencingStartupGrace(Instant.EPOCH, startupGrace()));
            }
            for (HostSpec h : list(scenario.hosts())) {
                world.addHost(h.name(), ScenarioFacts.fenceAgentsByLevel(h));
                session.insert(ScenarioFacts.host(h));
                ScenarioFacts.fenceLevels(h).forEach(session::insert);
            }
            list(scenario.failoverDomains()).forEach(d -> session.insert(ScenarioFacts.domain(d)));
            for (VmSpec v : list(scenario.vms())) {
                Vm vm = ScenarioFacts.vm(v);
                lifeboat.vms.add(vm);
                session.insert(vm);
                definitions.remember(v.name(), "<domain><name>" + v.name() + "</name></domain>");
                if (vm.getState() == VmState.RUNNING) {
                    world.runDomain(vm.getHost(), vm.getName());
                }
            }
            // Every host was last heard at the start; a host listed DOWN is silent from then on.
            for (HostSpec h : list(scenario.hosts())) {
                heartbeat(h.name());
                if (h.state() == Scenario.HostSpecState.DOWN) {
                    world.silence(h.name());
                } else if (h.state() == Scenario.HostSpecState.FENCED) {
                    // Off already: no VM runs there, the ledger knows it, and it rejoins when it answers again.
                    world.powerOff(h.name());
                    lifeboat.ledger.confirmOff(h.name());
                    session.insert(new HostUnresponsive(h.name(), heartbeatSeq, session.now()));
                    session.insert(new FenceConfirmed(h.name(), "the scenario", heartbeatSeq));
                }
            }
        }

        Plan execute() {
            List<EventSpec> events = new ArrayList<>(list(scenario.events()));
            events.sort(Comparator.comparingDouble(EventSpec::at));
            boolean restartsLifeboat = events.stream().anyMatch(e -> e.type() == Scenario.EventType.LIFEBOAT_RESTART);
            double lastEvent = Math.max(events.isEmpty() ? 0 : events.get(events.size() - 1).at(),
                    startupGrace().toSeconds());
            if (restartsLifeboat) {
                lastEvent += startupGrace().toSeconds();
            }
            int levels = list(scenario.hosts()).stream().mapToInt(h -> ScenarioFacts.fenceAgentsByLevel(h).size()).max().orElse(0);
            Instant end = Instant.EPOCH.plusMillis((long) (lastEvent * 1000)).plus(settings.heartbeatTimeout())
                    .plus(settings.fencingGrace())
                    .plus(fenceTimeout.multipliedBy(levels + 1L)).plus(SETTLE);
            Instant now = Instant.EPOCH;
            int next = 0;
            Duration heartbeatEvery = heartbeatInterval(settings.heartbeatTimeout());
            Instant nextHeartbeat = Instant.EPOCH.plus(heartbeatEvery);
            RestingRounds resting = new RestingRounds();
            while (!now.isAfter(end) || !delayed.isEmpty()) {
                clock.set(now);
                while (next < events.size() && !at(events.get(next)).isAfter(now)) {
                    EventSpec event = events.get(next++);
                    apply(event, now);
                    world.moment("event " + describe(event), false);
                    resting.disturbed();
                }
                boolean heartbeatRound = !now.isBefore(nextHeartbeat);
                if (heartbeatRound) {
                    world.hosts().stream().filter(world::answers).forEach(this::heartbeat);
                    nextHeartbeat = nextHeartbeat.plus(heartbeatEvery);
                }
                while (!delayed.isEmpty() && !delayed.peek().due().isAfter(now)) {
                    lifeboat.session.applyOutcome(delayed.poll().outcome());
                    resting.disturbed();
                }
                settle(now);
                Instant nextEvent = events.size() > next ? at(events.get(next)) : null;
                if (heartbeatRound && resting.roundChangedNothing(lifeboat.session.factChanges())) {
                    nextHeartbeat = lastRoundBefore(restUntil(now, nextEvent, end), nextHeartbeat, heartbeatEvery);
                }
                now = nextStep(now, nextEvent, nextHeartbeat, end);
            }
            return plan();
        }

        /**
         * Whether the cluster is at rest: a whole heartbeat round went by with no event, no outcome and no fact changed
         * but which heartbeat is the newest. The rounds after it then change nothing either (the same answers meet the
         * same facts) until the next event, outcome or timer.
         */
        private static final class RestingRounds {
            private long changesAfterLastRound = -1;
            private boolean disturbed;

            void disturbed() {
                disturbed = true;
            }

            boolean roundChangedNothing(long changes) {
                boolean unchanged = !disturbed && changes == changesAfterLastRound;
                changesAfterLastRound = changes;
                disturbed = false;
                return unchanged;
            }
        }

        /**
         * What ends a rest: the next event or outcome, the end of the run, or the next timer. The first timer due is
         * at the latest an answering host's heartbeat timeout, which a round must come before as the skipped rounds
         * would have: the rest ends a whole step early, since steps run whole seconds after an event's own instant.
         */
        private Instant restUntil(Instant now, Instant nextEvent, Instant end) {
            Instant until = nextEvent == null ? end : earliest(end, nextEvent);
            if (!delayed.isEmpty()) {
                until = earliest(until, delayed.peek().due());
            }
            OptionalLong timer = lifeboat.session.millisToNextTimer();
            return timer.isPresent() ? earliest(until, now.plusMillis(timer.getAsLong()).minus(STEP)) : until;
        }

        /**
         * The heartbeat round to hold next when the cluster rests until {@code until}: the last one due by then.
         * The rounds skipped would have changed nothing, and this one leaves every timer as they would have left it.
         */
        private static Instant lastRoundBefore(Instant until, Instant nextHeartbeat, Duration heartbeatEvery) {
            if (until.isBefore(nextHeartbeat)) {
                return nextHeartbeat;
            }
            long rounds = Duration.between(nextHeartbeat, until).toMillis() / heartbeatEvery.toMillis();
            return nextHeartbeat.plus(heartbeatEvery.multipliedBy(rounds));
        }

        /**
         * The next instant anything can happen: the next event, or the first step (whole seconds on from now) at or
         * after the next heartbeat, delayed outcome or rule timer. The seconds in between are skipped: with no fact
         * arriving and no timer due the rules decide nothing there, so the plan is the one stepping through them gives.
         */
        private Instant nextStep(Instant now, Instant nextEvent, Instant nextHeartbeat, Instant end) {
            Instant following = onStep(now, end.plus(STEP));
            following = earliest(following, onStep(now, nextHeartbeat));
            if (!delayed.isEmpty()) {
                following = earliest(following, onStep(now, delayed.peek().due()));
            }
            OptionalLong timer = lifeboat.session.millisToNextTimer();
            if (timer.isPresent()) {
                following = earliest(following, onStep(now, now.plusMillis(timer.getAsLong())));
            }
            return nextEvent == null ? following : earliest(following, nextEvent);
        }

        /** The first step from {@code now} (a whole number of seconds on, at least one) at or after {@code due}. */
        private static Instant onStep(Instant now, Instant due) {
            long millis = Duration.between(now, due).toMillis();
            long steps = Math.max(1, (millis + STEP.toMillis() - 1) / STEP.toMillis());
            return now.plus(STEP.multipliedBy(steps));
        }

        private static Instant earliest(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }

        /** Fires, carries out what the rules decided, feeds the outcomes back, until nothing new happens. */
        private void settle(Instant now) {
            PolicySession session = lifeboat.session;
            for (int round = 0; round < MAX_ROUNDS_PER_INSTANT; round++) {
                List<Action> actions = session.fire();
                if (actions.isEmpty()) {
                    return;
                }
                for (Action action : actions) {
                    session.markDispatched(action);
                    ActionOutcome outcome = lifeboat.dispatcher.carryOut(action);
                    planned.add(planned(action, outcome.status().name(), now));
                    world.moment(action + " at " + now, true);
                    if (outcome.status() == ActionStatus.TIMED_OUT) {
                        delayed.add(new Delayed(now.plus(fenceTimeout), delayedOrder++, action, outcome));
                    } else {
                        session.applyOutcome(outcome);
                    }
                }
            }
            throw new RunawayRulesException("the policy did not settle at " + now + ": after " + MAX_ROUNDS_PER_INSTANT
                    + " rounds of actions the rules still decide new ones", Map.of());
        }

        private void apply(EventSpec event, Instant now) {
            PolicySession session = lifeboat.session;
            switch (event.type()) {
                case HOST_DOWN -> {
                    if (world.answers(event.host())) {
                        heartbeat(event.host());
                    }
                    world.silence(event.host());
                }
                case HOST_UP -> {
                    world.bringUp(event.host());
                    lifeboat.ledger.hostAnswered(event.host());
                    heartbeat(event.host());
                }
                case FENCE_DEVICE_FAULT -> world.fault(event.host(), event.level(), event.device(), event.mode());
                case FENCE_ACK -> {
                    // The operator's word is true of a host that does not answer: they switched it off by hand.
                    if (!world.answers(event.host())) {
                        world.powerOff(event.host());
                    }
                    lifeboat.fenceAcks.acknowledge(session, event.host(), "operator");
                }
                case VM_CRASHED -> lifeboat.vms.stream().filter(v -> v.getName().equals(event.vm())
                                && v.getState() == VmState.RUNNING && world.answers(v.getHost())).findFirst()
                        .ifPresent(v -> {
                            world.crash(v.getHost(), v.getName());
                            session.insert(new VmCrashed(v.getName(), v.getHost(), clock.millis()));
                        });
                case HOST_MAINTENANCE -> session.insert(new MaintenanceRequested(event.host()));
                case HOST_ACTIVATE -> session.insert(new MaintenanceEnded(event.host()));
                case VM_STARTED_OUTSIDE -> world.runDomain(event.host(), event.vm());
                case VM_STOPPED_OUTSIDE -> world.hosts().forEach(h -> world.crash(h, event.vm()));
                case VM_START -> session.insert(new VmStartRequested(event.vm(),
                        Boolean.TRUE.equals(event.force()) ? FORCED_IN_SCENARIO : null));
                case HOST_LOAD -> {
                    world.measureLoad(event.host(), event.cpuLoadPercent());
                    reportLoad(event.host());
                }
                case LIFEBOAT_RESTART -> restart(event.inFlight(), now);
                case POLICY_RELOAD -> {
                    // As the live loop swaps a reloaded rule base: the successor carries the facts on.
                    lifeboat.session = session.successor(policy);
                    session.close();
                }
            }
        }

        /**
         * Lifeboat's process dies and starts again, as the live service starts: the session is built afresh from the
         * configuration and what the hypervisors that answer report, and the journal's unfinished actions are closed,
         * never repeated. {@code inFlight} says what became of the actions decided at this instant, if any.
         */
        private void restart(Scenario.InFlight inFlight, Instant now) {
            List<InterruptedAction> interrupted = new ArrayList<>();
            // Outcomes still awaited (a fence agent that does not answer) never arrive.
            delayed.forEach(d -> interrupted.add(new InterruptedAction(d.action().getType().name(),
                    d.action().getSubject())));
            delayed.clear();
            if (inFlight != null) {
                for (Action action : lifeboat.session.fire()) {
                    if (inFlight == Scenario.InFlight.DONE) {
                        lifeboat.dispatcher.carryOut(action);
                    }
                    planned.add(planned(action, "INTERRUPTED", now));
                    world.moment(action + " cut short (" + inFlight + ") at " + now, true);
                    interrupted.add(new InterruptedAction(action.getType().name(), action.getSubject()));
                }
            }
            lifeboat.close();
            lifeboat = new Lifeboat("sim/restart-" + ++restarts + "/");
            Map<String, HostInventory> answered = new LinkedHashMap<>();
            for (String host : world.hosts()) {
                if (world.answers(host)) {
                    HostInventory inventory = world.inventory(host);
                    answered.put(host, inventory);
                    lifeboat.ledger.hostAnswered(host);
                    lifeboat.locations.observed(host, inventory.presentVms());
                }
            }
            lifeboat.vms.addAll(StartupReconciliation.startSession(lifeboat.session, settings, startupGrace(),
                    clock.instant(), list(scenario.hosts()).stream().map(Run::configured).toList(),
                    list(scenario.failoverDomains()), list(scenario.vms()), answered, interrupted));
        }

        /** A host as the configuration has it: FENCED and DOWN describe a moment of a scenario, not configuration. */
        private static HostSpec configured(HostSpec h) {
            if (h.state() != Scenario.HostSpecState.FENCED && h.state() != Scenario.HostSpecState.DOWN) {
                return h;
            }
            return h.withState(null);
        }

        private Duration startupGrace() {
            return Duration.ofSeconds(Optional.ofNullable(scenario.startupGrace()).orElse(0));
        }

        /** A host answers: what it runs, its measured load, then its heartbeat, as the live monitor reports them. */
        private void heartbeat(String host) {
            Set<String> running = world.running(host);
            lifeboat.session.observe(host, running);
            lifeboat.locations.observed(host, running);
            reportLoad(host);
            lifeboat.session.insert(new Heartbeat(host, ++heartbeatSeq));
        }

        /** What an answering host's hypervisor measures, through the live path's filter. */
        private void reportLoad(String host) {
            if (world.answers(host)) {
                world.measuredLoad(host).ifPresent(load -> lifeboat.measuredLoads.report(lifeboat.session,
                        new HostMetrics(host, load)));
            }
        }

        private Plan plan() {
            PolicySession session = lifeboat.session;
            ClusterPicture picture = ClusterPicture.of(session);
            List<Plan.VmResult> vmResults = lifeboat.vms.stream().map(picture::vm).map(v -> new Plan.VmResult(v.name(),
                    v.state().name(), v.host(), v.reasonCode() == null ? null : new Plan.Reason(v.reasonCode(),
                    v.message()))).toList();
            List<Plan.HostResult> hostResults = list(scenario.hosts()).stream().map(h -> picture.host(h.name()))
                    .map(h -> new Plan.HostResult(h.name(), h.state().name(), h.memoryUsedMiB(), h.vcpusUsed()))
                    .toList();
            List<Plan.ViolationResult> violations = session.facts(Violation.class).stream()
                    .sorted(Comparator.comparing(Violation::getCode).thenComparing(Violation::getSubject)
                            .thenComparing(Violation::getMessage))
                    .map(v -> new Plan.ViolationResult(v.getCode(), v.getSeverity().name(), v.getSubject(),
                            v.getRuleId(), v.getMessage())).toList();
            List<Plan.AdviceResult> advice = session.facts(Advice.class).stream()
                    .sorted(Comparator.comparing(Advice::getCode).thenComparing(Advice::getSubject))
                    .map(a -> new Plan.AdviceResult(a.getCode(), a.getSubject(), a.getRuleId(), a.getMessage()))
                    .toList();
            return new Plan(List.copyOf(planned), vmResults, hostResults, violations, advice);
        }

        @Override
        public void close() {
            lifeboat.close();
        }
    }

    private static Plan.PlannedAction planned(Action action, String status, Instant now) {
        double at = now.toEpochMilli() / 1000.0;
        String rule = action.getExplanation().ruleId();
        if (action instanceof FenceHost f) {
            return new Plan.PlannedAction(at, "FENCE_HOST", f.getHost(), null, f.getLevel(), f.getAgent(),
                    f.getAttempt(), null, null, status, rule, action.getReason());
        }
        if (action instanceof StartVm s) {
            return new Plan.PlannedAction(at, "START_VM", s.getTarget(), s.getVm(), null, null, null, null, null,
                    status, rule, action.getReason());
        }
        if (action instanceof StopVm s) {
            return new Plan.PlannedAction(at, "STOP_VM", s.getHost(), s.getVm(), null, null, null, null, null,
                    status, rule, action.getReason());
        }
        if (action instanceof MigrateVm m) {
            return new Plan.PlannedAction(at, "MIGRATE_VM", m.getTarget(), m.getVm(), null, null, null, null, null,
                    status, rule, action.getReason());
        }
        Alert alert = (Alert) action;
        return new Plan.PlannedAction(at, "ALERT", null, null, null, null, null, alert.getSubject(), alert.getCode(),
                status, rule, action.getReason());
    }

    /** Alerts in a simulation are part of the plan, not of the server's log. */
    private static final class RecordedAlerts implements ActionHandler<Alert> {
        @Override
        public Class<Alert> handles() {
            return Alert.class;
        }

        @Override
        public ActionOutcome execute(Alert alert) {
            return ActionOutcome.succeeded(alert.getKey(), "recorded");
        }
    }

    private static String describe(EventSpec e) {
        return e.type() + " at " + e.at() + (e.host() == null ? "" : " host " + e.host())
                + (e.vm() == null ? "" : " vm " + e.vm());
    }

    private static Instant at(EventSpec event) {
        return Instant.EPOCH.plusMillis(Math.round(event.at() * 1000));
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
