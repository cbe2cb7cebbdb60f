package io.lifeboat.policy;

import java.util.Map;

/** A rule of a compiled policy as policy authors see it: its metadata and where it was written. */
public record RuleInfo(String id, String name, String description, String file, Map<String, String> metadata) {
}
