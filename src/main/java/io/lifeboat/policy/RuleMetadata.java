package io.lifeboat.policy;

import org.kie.api.definition.rule.Rule;

/** Reads the metadata every shipped rule carries ({@code @id}, {@code @description}). */
public final class RuleMetadata {
    private RuleMetadata() {
    }

    /** The rule's {@code @id}, or its name when it has none. */
    public static String id(Rule rule) {
        Object id = rule.getMetaData().get("id");
        return id == null ? rule.getName() : String.valueOf(id);
    }

    public static String description(Rule rule) {
        Object description = rule.getMetaData().get("description");
        return description == null ? "" : String.valueOf(description);
    }
}
