package io.lifeboat.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** The store keeps small name lists (storage domains, networks) as comma-separated text. */
final class Csv {
    private Csv() {
    }

    static Set<String> split(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    static String join(Collection<String> names) {
        return names.stream().sorted().collect(Collectors.joining(","));
    }
}
