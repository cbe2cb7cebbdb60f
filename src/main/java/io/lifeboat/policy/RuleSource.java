package io.lifeboat.policy;

import java.util.Objects;

/** One DRL file: where it came from (for error messages) and its text. */
public record RuleSource(String path, String drl) {

    public RuleSource {
        Objects.requireNonNull(path);
        Objects.requireNonNull(drl);
    }
}
