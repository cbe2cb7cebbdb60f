package io.lifeboat.store;

import java.util.Arrays;
import java.util.List;

/** The store keeps small name lists (storage domains, networks) as comma-separated text, in the order given. */
final class Csv {
    private Csv() {
    }

    static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static String join(List<String> names) {
        return String.join(",", names);
    }
}
