package io.lifeboat.policy;

import java.util.List;

import org.kie.api.KieBase;

/** A rule base that compiled cleanly, with the warnings its compilation gave. */
public record CompiledPolicy(KieBase kieBase, List<PolicyProblem> warnings, int ruleCount) {
}
