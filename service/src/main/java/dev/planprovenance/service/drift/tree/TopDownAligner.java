package dev.planprovenance.service.drift.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * The fallback alignment for trees too large for Zhang–Shasha's {@code n1 × n2} tables: roots are matched, then each
 * matched pair's children are aligned with a longest common subsequence, first of identical subtrees, then by op
 * (after trimming the common prefix and suffix, which is all a wide node usually needs), and matched children are processed the same way from a work
 * stack (no recursion, so 5 000-level plans are fine). Between LCS matches it recognises the common plan edits:
 * an operator inserted or removed above an existing one (looking down a single-child chain), and an in-place op
 * change when both gaps have the same length. Not optimal, but linear-ish and it yields the same kind of mapping,
 * so moves, paths and summaries are computed exactly as for Zhang–Shasha.
 */
final class TopDownAligner {
    /** Single-child chain length searched for an inserted/removed wrapper (e.g. RepartitionExec + CoalesceBatchesExec). */
    private static final int WRAPPER_DEPTH = 8;
    /** Largest LCS table for one node's children; beyond it the middle is left unmatched. */
    private static final long MAX_LCS_CELLS = 4_000_000L;

    private final IndexedTree a, b;
    private final NodeCosts costs;
    private final int[] mapping;
    private final Deque<int[]> pending = new ArrayDeque<>();

    private TopDownAligner(IndexedTree a, IndexedTree b, NodeCosts costs) {
        this.a = a;
        this.b = b;
        this.costs = costs;
        mapping = new int[a.size];
        Arrays.fill(mapping, -1);
    }

    static int[] align(IndexedTree a, IndexedTree b, NodeCosts costs) {
        TopDownAligner aligner = new TopDownAligner(a, b, costs);
        if (a.size > 0 && b.size > 0) aligner.run();
        return aligner.mapping;
    }

    private void run() {
        pending.push(new int[] {a.size - 1, b.size - 1});
        while (!pending.isEmpty()) {
            int[] pair = pending.pop();
            mapping[pair[0]] = pair[1];
            alignChildren(a.kids[pair[0]], b.kids[pair[1]]);
        }
    }

    /**
     * Two passes: identical subtrees first (so swapped inputs stay themselves and show up as a move), then, in the
     * gaps between those, children with the same op.
     */
    private void alignChildren(int[] ca, int[] cb) {
        align(ca, cb, (x, y) -> a.contentId[x] == b.contentId[y],
                (ga, gb) -> align(ga, gb, (x, y) -> a.opId[x] == b.opId[y] && compatible(x, y), this::gap));
    }

    /** LCS under {@code eq} (common prefix and suffix trimmed first); matches go on the work stack, the rest to {@code gaps}. */
    private void align(int[] ca, int[] cb, BiPredicate<Integer, Integer> eq, BiConsumer<int[], int[]> gaps) {
        int start = 0, endA = ca.length, endB = cb.length;
        while (start < endA && start < endB && eq.test(ca[start], cb[start])) {
            pending.push(new int[] {ca[start], cb[start]});
            start++;
        }
        while (endA > start && endB > start && eq.test(ca[endA - 1], cb[endB - 1])) {
            pending.push(new int[] {ca[--endA], cb[--endB]});
        }
        int m = endA - start, k = endB - start;
        if (m == 0 || k == 0 || (long) (m + 1) * (k + 1) > MAX_LCS_CELLS) {
            if (m > 0 || k > 0) gaps.accept(slice(ca, start, endA), slice(cb, start, endB));
            return;
        }
        int[][] lcs = new int[m + 1][k + 1];
        for (int x = m - 1; x >= 0; x--) {
            for (int y = k - 1; y >= 0; y--) {
                lcs[x][y] = eq.test(ca[start + x], cb[start + y])
                        ? lcs[x + 1][y + 1] + 1 : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
            }
        }
        List<Integer> gapA = new ArrayList<>(), gapB = new ArrayList<>();
        int x = 0, y = 0;
        while (x < m && y < k) {
            if (eq.test(ca[start + x], cb[start + y]) && lcs[x][y] == lcs[x + 1][y + 1] + 1) {
                flush(gapA, gapB, gaps);
                pending.push(new int[] {ca[start + x++], cb[start + y++]});
            } else if (lcs[x + 1][y] >= lcs[x][y + 1]) {
                gapA.add(ca[start + x++]);
            } else {
                gapB.add(cb[start + y++]);
            }
        }
        while (x < m) gapA.add(ca[start + x++]);
        while (y < k) gapB.add(cb[start + y++]);
        flush(gapA, gapB, gaps);
    }

    private static void flush(List<Integer> gapA, List<Integer> gapB, BiConsumer<int[], int[]> gaps) {
        if (!gapA.isEmpty() || !gapB.isEmpty()) gaps.accept(toArray(gapA), toArray(gapB));
        gapA.clear();
        gapB.clear();
    }

    /** Children between two matched ones: wrappers inserted/removed, or same-length runs replaced in place. */
    private void gap(int[] ga, int[] gb) {
        int x = 0, y = 0;
        while (x < ga.length && y < gb.length) {
            int s = ga[x], t = gb[y];
            int below = chainTo(b, t, a.opId[s]);
            int above = chainTo(a, s, b.opId[t]);
            if (below >= 0 && compatible(s, below)) pending.push(new int[] {s, below}); // t (and the chain above `below`) was inserted
            else if (above >= 0 && compatible(above, t)) pending.push(new int[] {above, t}); // s (and the chain above `above`) was removed
            else if (ga.length == gb.length && compatible(s, t)) pending.push(new int[] {s, t}); // op changed in place
            else return;
            x++;
            y++;
        }
    }

    /** Not pinned elsewhere: a subtree unique and identical on both sides is only matched with its twin (see {@link NodeCosts}). */
    private boolean compatible(int x, int y) {
        return costs.relabel(x, y) < NodeCosts.FORBIDDEN;
    }

    /** The first node with {@code op} strictly below {@code top} along a single-child chain, or -1. */
    private static int chainTo(IndexedTree tree, int top, int op) {
        int at = top;
        for (int step = 0; step < WRAPPER_DEPTH && tree.kids[at].length == 1; step++) {
            at = tree.kids[at][0];
            if (tree.opId[at] == op) return at;
        }
        return -1;
    }

    private static int[] slice(int[] values, int from, int to) {
        return Arrays.copyOfRange(values, from, to);
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
