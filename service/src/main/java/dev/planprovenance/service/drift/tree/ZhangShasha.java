package dev.planprovenance.service.drift.tree;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Zhang–Shasha ordered tree edit distance (1989) with mapping recovery. Works on post-order arrays: for each pair of
 * keyroots it fills a forest-distance table whose tree-to-tree cells give {@code treeDist}; afterwards a backtrack
 * from the two roots recomputes the forest tables it needs and reads off which nodes were mapped. Everything is
 * loops over arrays (no recursion), so depth does not matter; memory is two {@code n1 × n2} double tables, which is
 * why {@link PlanTreeDiff} only calls this under a size limit.
 */
final class ZhangShasha {
    private static final double EPS = 1e-9;

    private final IndexedTree a, b;
    private final NodeCosts costs;
    private final double[] treeDist;
    private final double[] forest;
    private int width;

    private ZhangShasha(IndexedTree a, IndexedTree b, NodeCosts costs) {
        this.a = a;
        this.b = b;
        this.costs = costs;
        treeDist = new double[a.size * b.size];
        forest = new double[(a.size + 1) * (b.size + 1)];
    }

    /** Work estimate: the forest tables filled are keyroot-subtree × keyroot-subtree, summed over all pairs. */
    static long work(IndexedTree a, IndexedTree b) {
        return keyrootCells(a) * keyrootCells(b);
    }

    private static long keyrootCells(IndexedTree t) {
        long sum = 0;
        for (int k : t.keyroots) sum += t.subtreeSize(k);
        return sum;
    }

    /** The optimal mapping as {@code from index → to index} (post-order), -1 for nodes left unmapped. */
    static int[] align(IndexedTree a, IndexedTree b, NodeCosts costs) {
        int[] mapping = new int[a.size];
        Arrays.fill(mapping, -1);
        if (a.size == 0 || b.size == 0) return mapping;
        ZhangShasha zs = new ZhangShasha(a, b, costs);
        for (int i : a.keyroots) {
            for (int j : b.keyroots) zs.fill(i, j, true);
        }
        zs.backtrack(mapping);
        return mapping;
    }

    private int at(int x, int y, int li, int lj) {
        // Row/column 0 stand for the empty forest; node x sits in row x - li + 1.
        return (x - li + 1) * width + (y - lj + 1);
    }

    private void fill(int i, int j, boolean recordTrees) {
        int li = a.leftmost[i], lj = b.leftmost[j];
        width = j - lj + 2;
        forest[0] = 0;
        for (int x = li; x <= i; x++) forest[at(x, lj - 1, li, lj)] = forest[at(x - 1, lj - 1, li, lj)] + 1;
        for (int y = lj; y <= j; y++) forest[at(li - 1, y, li, lj)] = forest[at(li - 1, y - 1, li, lj)] + 1;
        for (int x = li; x <= i; x++) {
            boolean xTree = a.leftmost[x] == li;
            for (int y = lj; y <= j; y++) {
                double delete = forest[at(x - 1, y, li, lj)] + 1;
                double insert = forest[at(x, y - 1, li, lj)] + 1;
                double best;
                if (xTree && b.leftmost[y] == lj) {
                    best = Math.min(Math.min(delete, insert), forest[at(x - 1, y - 1, li, lj)] + costs.relabel(x, y));
                    if (recordTrees) treeDist[x * b.size + y] = best;
                } else {
                    double subtrees = forest[at(a.leftmost[x] - 1, b.leftmost[y] - 1, li, lj)] + treeDist[x * b.size + y];
                    best = Math.min(Math.min(delete, insert), subtrees);
                }
                forest[at(x, y, li, lj)] = best;
            }
        }
    }

    /**
     * Walks back from the roots. Ties prefer mapping over deleting over inserting, so equal-cost alignments resolve
     * the same way every time. A subtree pair met inside a forest goes on a stack and is recomputed later.
     */
    private void backtrack(int[] mapping) {
        Deque<int[]> pending = new ArrayDeque<>();
        pending.push(new int[] {a.size - 1, b.size - 1});
        while (!pending.isEmpty()) {
            int[] pair = pending.pop();
            int i = pair[0], j = pair[1];
            int li = a.leftmost[i], lj = b.leftmost[j];
            fill(i, j, false);
            int x = i, y = j;
            while (x >= li || y >= lj) {
                if (x < li) {
                    y--;
                    continue;
                }
                if (y < lj) {
                    x--;
                    continue;
                }
                double here = forest[at(x, y, li, lj)];
                if (a.leftmost[x] == li && b.leftmost[y] == lj) {
                    if (same(here, forest[at(x - 1, y - 1, li, lj)] + costs.relabel(x, y))) {
                        mapping[x] = y;
                        x--;
                        y--;
                        continue;
                    }
                } else if (same(here, forest[at(a.leftmost[x] - 1, b.leftmost[y] - 1, li, lj)] + treeDist[x * b.size + y])) {
                    pending.push(new int[] {x, y});
                    x = a.leftmost[x] - 1;
                    y = b.leftmost[y] - 1;
                    continue;
                }
                if (same(here, forest[at(x - 1, y, li, lj)] + 1)) x--;
                else y--;
            }
        }
    }

    private static boolean same(double p, double q) {
        return Math.abs(p - q) < EPS;
    }
}
