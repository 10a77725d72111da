package dev.planprovenance.service.drift.tree;

import tools.jackson.databind.JsonNode;

/**
 * Plan differences by tree alignment: operators are matched by an ordered tree edit distance, never by line position
 * or text. Zhang–Shasha gives the optimal alignment but needs two {@code n1 × n2} tables and roughly
 * {@code Σkeyroot-subtrees(from) × Σkeyroot-subtrees(to)} steps; beyond {@link #MAX_CELLS} (≈ 64 MB of tables) or
 * {@link #MAX_WORK} (≈ a second of CPU) a drift report would stall a request or exhaust the heap, so those pairs use
 * {@link TopDownAligner}, which is near-linear and reports the same edit kinds. Real plans are hundreds of operators
 * and always take the exact path; the fallback exists for pathological (generated, 5 000-operator) plans.
 */
public final class PlanTreeDiff {
    static final long MAX_CELLS = 4_000_000L;
    static final long MAX_WORK = 100_000_000L;

    private PlanTreeDiff() {}

    /** Diffs two {@code plan-tree} nodes ({@code {"op","props","children"}}); null means an absent tree. */
    public static TreeDiff diff(JsonNode from, JsonNode to) {
        return diff(PlanNode.parse(from), PlanNode.parse(to));
    }

    public static TreeDiff diff(PlanNode from, PlanNode to) {
        return diff(from, to, MAX_CELLS, MAX_WORK);
    }

    /** Limits as parameters so tests can force the fallback on small trees. */
    static TreeDiff diff(PlanNode from, PlanNode to, long maxCells, long maxWork) {
        IndexedTree.Interner interner = new IndexedTree.Interner();
        IndexedTree a = new IndexedTree(from, interner), b = new IndexedTree(to, interner);
        boolean exact = (long) a.size * b.size <= maxCells && ZhangShasha.work(a, b) <= maxWork;
        NodeCosts costs = new NodeCosts(a, b);
        int[] mapping = exact ? ZhangShasha.align(a, b, costs) : TopDownAligner.align(a, b, costs);
        return EditScript.build(a, b, mapping, costs);
    }
}
