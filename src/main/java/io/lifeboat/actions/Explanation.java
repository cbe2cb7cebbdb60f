package io.lifeboat.actions;

import java.util.List;

/** Why an action exists: the rule that inserted it and the facts that rule matched. */
public record Explanation(String ruleId, String ruleName, List<String> matchedFacts) {

    public static final Explanation NONE = new Explanation("", "", List.of());
}
