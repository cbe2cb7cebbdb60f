package io.lifeboat.policy;

import java.util.List;

/** The DRL did not compile; nothing was replaced. */
public class PolicyCompilationException extends RuntimeException {
    private final List<PolicyProblem> problems;

    public PolicyCompilationException(List<PolicyProblem> problems) {
        super("policy did not compile: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
