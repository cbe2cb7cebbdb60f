package io.lifeboat.policy;

import java.util.List;

import org.kie.api.KieBase;

/**
 * A rule base that compiled cleanly, with the warnings its compilation gave, the rules it holds (shipped rules an
 * operator rule replaced by {@code @id} are gone) and the ids of those overrides.
 */
public record CompiledPolicy(KieBase kieBase, List<PolicyProblem> warnings, List<RuleInfo> rules,
                             List<String> overridden) {

    public int ruleCount() {
        return rules.size();
    }
}
