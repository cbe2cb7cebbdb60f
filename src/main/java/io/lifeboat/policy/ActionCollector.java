package io.lifeboat.policy;

import java.util.ArrayList;
import java.util.List;

import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.rule.Match;

import io.lifeboat.actions.Action;
import io.lifeboat.actions.Explanation;
import io.lifeboat.facts.Finding;

/**
 * Gathers the action facts that rule consequences insert, each with the rule that inserted it and the facts that
 * rule matched, and names the rule on every finding (violation, advice). Listens instead of asking rules to report,
 * so consequences stay pure.
 */
final class ActionCollector {
    private final List<Action> collected = new ArrayList<>();
    private final String keyPrefix;
    private Match currentMatch;
    /**
     * The current match's facts as text, described at the firing's first action and shared by the others (a placement
     * firing inserts one action per VM it places): as they were matched, before any change the consequence makes.
     */
    private List<String> currentFacts;
    private long sequence;

    ActionCollector(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    final DefaultAgendaEventListener agendaListener = new DefaultAgendaEventListener() {
        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            currentMatch = event.getMatch();
            currentFacts = null;
        }
    };

    final DefaultRuleRuntimeEventListener runtimeListener = new DefaultRuleRuntimeEventListener() {
        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            if (event.getRule() == null) {
                return;
            }
            if (event.getObject() instanceof Action action) {
                action.assign(keyPrefix + (++sequence), explain(event.getRule()));
                collected.add(action);
            } else if (event.getObject() instanceof Finding finding) {
                finding.attribute(RuleMetadata.id(event.getRule()));
            }
        }
    };

    private Explanation explain(Rule rule) {
        if (currentMatch == null || currentMatch.getRule() != rule) {
            return new Explanation(RuleMetadata.id(rule), rule.getName(), List.of());
        }
        if (currentFacts == null) {
            currentFacts = currentMatch.getObjects().stream().map(FiringLog::describe).toList();
        }
        return new Explanation(RuleMetadata.id(rule), rule.getName(), currentFacts);
    }

    /** Puts actions back in front, to be drained again. */
    void requeue(List<Action> actions) {
        collected.addAll(0, actions);
    }

    /** The actions inserted since the last call, in insertion order. */
    List<Action> drain() {
        List<Action> out = List.copyOf(collected);
        collected.clear();
        return out;
    }
}
