package io.lifeboat.policy;

import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.rule.Match;

import io.lifeboat.actions.Action;
import io.lifeboat.facts.Finding;
import io.lifeboat.facts.Host;
import io.lifeboat.facts.Vm;

/**
 * Remembers, per subject ("vm/db1", "host/h1"), the newest rule firings whose matched facts concern it: the chain an
 * explanation shows. Housekeeping rules ({@code @housekeeping(true)}, e.g. dropping old heartbeats) are left out.
 */
public final class FiringLog extends DefaultAgendaEventListener {
    /** Firings kept per subject. */
    static final int DEPTH = 50;
    /** Elements of a gathered list spelled out in a firing or an explanation. */
    private static final int LISTED_FACTS = 8;

    /**
     * Classification records name their subject in a "vm" or "host" component (VmBlocked, HostUnresponsive...); looked
     * up once per class, as every firing asks.
     */
    private static final ClassValue<List<RecordComponent>> SUBJECT_COMPONENTS = new ClassValue<>() {
        @Override
        protected List<RecordComponent> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents())
                    .filter(c -> c.getName().equals("vm") || c.getName().equals("host")).toList();
        }
    };

    /** One firing: when (session time, epoch ms), which rule, and the facts it matched. */
    public record Firing(long at, String ruleId, String ruleName, List<String> facts) {
    }

    private final Map<String, Deque<Firing>> bySubject = new ConcurrentHashMap<>();

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        Match match = event.getMatch();
        if (Boolean.parseBoolean(String.valueOf(match.getRule().getMetaData().get("housekeeping")))) {
            return;
        }
        List<Object> objects = match.getObjects();
        Set<String> subjects = new LinkedHashSet<>();
        objects.forEach(o -> subjectOf(o, subjects));
        if (subjects.isEmpty()) {
            return;
        }
        long at = event.getKieRuntime().getSessionClock().getCurrentTime();
        Firing firing = new Firing(at, RuleMetadata.id(match.getRule()), match.getRule().getName(),
                objects.stream().map(FiringLog::describe).toList());
        for (String subject : subjects) {
            Deque<Firing> log = bySubject.computeIfAbsent(subject, s -> new ArrayDeque<>());
            synchronized (log) {
                log.addLast(firing);
                if (log.size() > DEPTH) {
                    log.removeFirst();
                }
            }
        }
    }

    /** Oldest first. */
    public List<Firing> of(String subject) {
        Deque<Firing> log = bySubject.get(subject);
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    /** A matched fact as text; a long list a rule gathered (a placement batch's hosts) is summed up, not spelled out. */
    static String describe(Object fact) {
        if (fact instanceof Collection<?> many && many.size() > LISTED_FACTS) {
            return many.stream().limit(LISTED_FACTS).map(String::valueOf)
                    .collect(Collectors.joining(", ", "[", ", … " + many.size() + " in all]"));
        }
        return String.valueOf(fact);
    }

    private static void subjectOf(Object fact, Set<String> subjects) {
        if (fact instanceof Collection<?> gathered) {
            // A rule that gathers facts (batch placement) concerns the VMs among them, not every host it weighed (no
            // shipped rule gathers lists of lists, whose VMs would not count).
            gathered.forEach(element -> vmSubjectOf(element, subjects));
        } else if (fact instanceof Vm vm) {
            subjects.add("vm/" + vm.getName());
        } else if (fact instanceof Host host) {
            subjects.add("host/" + host.getName());
        } else if (fact instanceof Action action) {
            subjects.add(action.getSubject());
        } else if (fact instanceof Finding finding) {
            subjects.add(finding.getSubject());
        } else if (fact instanceof Record record) {
            SUBJECT_COMPONENTS.get(record.getClass()).forEach(component -> addSubject(record, component, subjects));
        }
    }

    private static void vmSubjectOf(Object fact, Set<String> subjects) {
        if (fact instanceof Vm vm) {
            subjects.add("vm/" + vm.getName());
        } else if (fact instanceof Action action && action.getSubject().startsWith("vm/")) {
            subjects.add(action.getSubject());
        } else if (fact instanceof Finding finding && finding.getSubject().startsWith("vm/")) {
            subjects.add(finding.getSubject());
        } else if (fact instanceof Record record) {
            SUBJECT_COMPONENTS.get(record.getClass()).stream().filter(component -> component.getName().equals("vm"))
                    .forEach(component -> addSubject(record, component, subjects));
        }
    }

    private static void addSubject(Record record, RecordComponent component, Set<String> subjects) {
        try {
            Object value = component.getAccessor().invoke(record);
            if (value != null) {
                subjects.add(component.getName() + "/" + value);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
