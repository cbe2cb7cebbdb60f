package io.lifeboat.policy;

import java.util.List;

/** What checking a rule set off to the side found. {@code valid} means it would go live. */
public record ValidationReport(boolean valid, int rules, List<PolicyProblem> errors, List<PolicyProblem> warnings,
                               List<String> overrides) {

    public static ValidationReport of(CompiledPolicy policy) {
        return new ValidationReport(true, policy.ruleCount(), List.of(), policy.warnings(), policy.overridden());
    }

    public static ValidationReport of(PolicyCompilationException failure) {
        return new ValidationReport(false, 0, failure.problems(), List.of(), List.of());
    }
}
