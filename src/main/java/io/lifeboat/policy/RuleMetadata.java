package io.lifeboat.policy;

import org.kie.api.definition.rule.Rule;

/** Reads the metadata every shipped rule carries ({@code @id}, {@code @description}). */
public final class RuleMetadata {
    private static final String DROOLS_DESCRIPTION = "org.kie.api.definition.type.Description";

    private RuleMetadata() {
    }

    /** The rule's {@code @id}, or its name when it has none. */
    public static String id(Rule rule) {
        Object id = rule.getMetaData().get("id");
        return id == null ? rule.getName() : String.valueOf(id);
    }

    /** Drools files {@code @description} under the name of its own Description annotation; both are read. */
    public static String description(Rule rule) {
        Object description = rule.getMetaData().get("description");
        if (description == null) {
            description = rule.getMetaData().get(DROOLS_DESCRIPTION);
        }
        return description == null ? "" : String.valueOf(description);
    }

    /** The rule's metadata with Drools' own key for {@code @description} given back its DRL name. */
    public static java.util.Map<String, String> all(Rule rule) {
        java.util.Map<String, String> metadata = new java.util.LinkedHashMap<>();
        rule.getMetaData().forEach((k, v) -> metadata.put(k.equals(DROOLS_DESCRIPTION) ? "description" : k, String.valueOf(v)));
        return metadata;
    }
}
