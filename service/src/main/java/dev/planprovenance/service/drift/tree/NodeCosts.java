package dev.planprovenance.service.drift.tree;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Edit costs. Delete and insert cost 1. Mapping one node onto another (relabel) costs 0 when op and props are
 * equal, {@code 0.5 × share of differing props} when only props differ, and 1 when the op differs. So:
 * <ul>
 *   <li>a same-op node with any prop changes (≤ 0.5) is always kept matched rather than deleted and re-inserted (2);</li>
 *   <li>an op change in place (1) beats removing and re-adding it (2), and its children stay matched: one REPLACED;</li>
 *   <li>a props-only change is always cheaper than an op change, so the alignment prefers same-op partners.</li>
 * </ul>
 * Anchors: a subtree that occurs exactly once in each tree with identical content is pinned to its twin. Mapping an
 * anchored node to anything else costs {@link #FORBIDDEN} (more than delete + insert, so an optimal mapping never
 * uses it). Without this, swapped join inputs (two scans with different props) would come out as two cheap
 * CHANGED relabels instead of a move.
 */
final class NodeCosts {
    static final double FORBIDDEN = 3.0;

    private final IndexedTree from, to;
    private final int[] anchorOfFrom, anchorOfTo;

    NodeCosts(IndexedTree from, IndexedTree to) {
        this(from, to, true);
    }

    /** Without anchors the costs are the plain tree edit distance's (tests compare Zhang–Shasha to a brute force). */
    NodeCosts(IndexedTree from, IndexedTree to, boolean anchored) {
        this.from = from;
        this.to = to;
        anchorOfFrom = new int[from.size];
        anchorOfTo = new int[to.size];
        Arrays.fill(anchorOfFrom, -1);
        Arrays.fill(anchorOfTo, -1);
        if (anchored) anchor();
    }

    int anchorOfTo(int j) {
        return anchorOfTo[j];
    }

    double relabel(int i, int j) {
        int a = anchorOfFrom[i], b = anchorOfTo[j];
        if ((a >= 0 && a != j) || (b >= 0 && b != i)) return FORBIDDEN;
        return label(from, i, to, j);
    }

    /** The plain relabel cost (no anchors), used to price the final mapping. */
    static double label(IndexedTree from, int i, IndexedTree to, int j) {
        if (from.opId[i] != to.opId[j]) return 1.0;
        if (from.propsId[i] == to.propsId[j]) return 0.0;
        // No allocation: this runs once per node pair inside Zhang–Shasha's tables.
        Map<String, JsonNode> a = from.node[i].props(), b = to.node[j].props();
        int differing = 0, union = a.size();
        for (Map.Entry<String, JsonNode> e : a.entrySet()) {
            if (!e.getValue().equals(b.get(e.getKey()))) differing++;
        }
        for (String key : b.keySet()) {
            if (!a.containsKey(key)) {
                differing++;
                union++;
            }
        }
        return 0.5 * differing / union;
    }

    /** Pins maximal identical subtrees that are unique on both sides, then their descendants pairwise. */
    private void anchor() {
        Map<Integer, Integer> countFrom = new HashMap<>(), countTo = new HashMap<>(), onlyTo = new HashMap<>();
        for (int i = 0; i < from.size; i++) countFrom.merge(from.contentId[i], 1, Integer::sum);
        for (int j = 0; j < to.size; j++) {
            countTo.merge(to.contentId[j], 1, Integer::sum);
            onlyTo.put(to.contentId[j], j);
        }
        // Descending post-order visits ancestors before descendants, so a subtree inside an anchored one is skipped.
        for (int i = from.size - 1; i >= 0; i--) {
            int c = from.contentId[i];
            if (anchorOfFrom[i] >= 0 || countFrom.get(c) != 1 || countTo.getOrDefault(c, 0) != 1) continue;
            int j = onlyTo.get(c);
            if (anchorOfTo[j] >= 0) continue;
            // Identical content means identical shape: post-order ranges line up node for node.
            int offset = j - i;
            for (int k = from.leftmost[i]; k <= i; k++) {
                anchorOfFrom[k] = k + offset;
                anchorOfTo[k + offset] = k;
            }
        }
    }
}
