package dev.planprovenance.service.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two sequences of keys merged into one, in order, by their longest common subsequence: each step holds the index
 * of the key in {@code from} and in {@code to}, or -1 where the key is in one sequence only (or out of order). Keys
 * repeat in rule lists (a rule that runs twice), so callers make them unique first with {@link #occurrences}.
 */
final class Alignment {
    private Alignment() {}

    record Step(int from, int to) {
        boolean both() {
            return from >= 0 && to >= 0;
        }
    }

    static <T> List<Step> merge(List<T> from, List<T> to) {
        int n = from.size();
        int m = to.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = Objects.equals(from.get(i), to.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Step> steps = new ArrayList<>(n + m);
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && Objects.equals(from.get(i), to.get(j))) {
                steps.add(new Step(i++, j++));
            } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
                steps.add(new Step(i++, -1));
            } else {
                steps.add(new Step(-1, j++));
            }
        }
        return steps;
    }

    /** Each name with its occurrence so far (0 for the first): "ProjectionPushdown" twice gives #0 and #1. */
    static List<String> occurrences(List<String> names) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> keys = new ArrayList<>(names.size());
        for (String name : names) {
            int k = seen.merge(name, 1, Integer::sum) - 1;
            keys.add(name + "#" + k);
        }
        return keys;
    }

    static String name(String key) {
        return key.substring(0, key.lastIndexOf('#'));
    }
}
