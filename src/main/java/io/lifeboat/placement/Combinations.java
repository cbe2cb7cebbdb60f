package io.lifeboat.placement;

import java.util.ArrayList;
import java.util.List;

/** Every way to choose {@code k} of a list, each in list order, in lexicographic order (so results are deterministic). */
final class Combinations {
    private Combinations() {
    }

    static <T> List<List<T>> of(List<T> items, int k) {
        List<List<T>> out = new ArrayList<>();
        collect(items, k, 0, new ArrayList<>(), out);
        return out;
    }

    /** How many ways to choose k of n, or Long.MAX_VALUE when there are more than Integer.MAX_VALUE. */
    static long count(long n, int k) {
        long result = 1;
        for (int i = 0; i < k; i++) {
            result = result * (n - i) / (i + 1);
            if (result > Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return result;
    }

    private static <T> void collect(List<T> items, int k, int from, List<T> current, List<List<T>> out) {
        if (current.size() == k) {
            out.add(List.copyOf(current));
            return;
        }
        for (int i = from; i <= items.size() - (k - current.size()); i++) {
            current.add(items.get(i));
            collect(items, k, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }
}
