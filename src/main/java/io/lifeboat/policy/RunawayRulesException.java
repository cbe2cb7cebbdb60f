package io.lifeboat.policy;

import java.util.Map;

/**
 * The rules did not settle: they kept firing (a rule that undoes another, a consequence that re-triggers itself). The
 * session stops firing after {@link PolicySession#MAX_FIRINGS} in one go rather than hang its only writer; a reload
 * that runs away is refused, a live session that does is reported until it settles.
 */
public class RunawayRulesException extends RuntimeException {
    private final Map<String, Integer> busiestRules;

    public RunawayRulesException(String message, Map<String, Integer> busiestRules) {
        super(message + (busiestRules.isEmpty() ? "" : "; firing most: " + busiestRules));
        this.busiestRules = Map.copyOf(busiestRules);
    }

    /** Rule id to firings, of the rules that fired most in a sample taken when the limit was hit. */
    public Map<String, Integer> busiestRules() {
        return busiestRules;
    }
}
