package dev.planprovenance.service.drift.tree;

import dev.planprovenance.service.drift.tree.TreeEdit.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Turns a node mapping (from either aligner) into ordered {@link TreeEdit}s. Moves are found here, after alignment:
 * an ordered mapping cannot express them, so a moved subtree first shows up as fully removed in one place and fully
 * added in another; identical content pairs those into one MOVED edit. Siblings of a mapped parent whose order
 * changed relative to each other (swapped join inputs) are all reported MOVED, whichever one the aligner happened to
 * keep mapped, so the report does not depend on an arbitrary tie.
 */
final class EditScript {
    private final IndexedTree a, b;
    private final int[] mapping, inverse;
    /** Move partners of move roots; -1 elsewhere. */
    private final int[] movedFrom, movedTo;
    /** Nodes inside a moved subtree (the root included). */
    private final boolean[] inMoveFrom, inMoveTo;
    private final List<Sorted> edits = new ArrayList<>();

    private record Sorted(TreeEdit edit, int primary, int tier, int secondary) {}

    private EditScript(IndexedTree a, IndexedTree b, int[] mapping) {
        this.a = a;
        this.b = b;
        this.mapping = mapping;
        inverse = new int[b.size];
        Arrays.fill(inverse, -1);
        for (int i = 0; i < a.size; i++) if (mapping[i] >= 0) inverse[mapping[i]] = i;
        movedFrom = new int[a.size];
        movedTo = new int[b.size];
        Arrays.fill(movedFrom, -1);
        Arrays.fill(movedTo, -1);
        inMoveFrom = new boolean[a.size];
        inMoveTo = new boolean[b.size];
    }

    /** {@code anchors} give the preferred move partner of a {@code to} node. */
    static TreeDiff build(IndexedTree a, IndexedTree b, int[] mapping, NodeCosts anchors) {
        EditScript script = new EditScript(a, b, mapping);
        script.pairMoves(anchors);
        script.collect();
        List<TreeEdit> ordered = script.edits.stream()
                .sorted(Comparator.comparingInt(Sorted::primary).thenComparingInt(Sorted::tier)
                        .thenComparingInt(Sorted::secondary).thenComparing(s -> s.edit().kind()))
                .map(Sorted::edit)
                .toList();
        return new TreeDiff(ordered, script.distance(), a.size, b.size);
    }

    /** Cost of the mapping under the plain costs: what the edit script costs, anchors or not. */
    private double distance() {
        double cost = 0;
        int mapped = 0;
        for (int i = 0; i < a.size; i++) {
            if (mapping[i] >= 0) {
                mapped++;
                cost += NodeCosts.label(a, i, b, mapping[i]);
            }
        }
        return cost + (a.size - mapped) + (b.size - mapped);
    }

    private static boolean[] wholeUnmapped(IndexedTree t, int[] map, boolean[] exclude) {
        boolean[] whole = new boolean[t.size];
        for (int i = 0; i < t.size; i++) { // post-order: children first
            boolean all = map[i] < 0 && (exclude == null || !exclude[i]);
            for (int c : t.kids[i]) all &= whole[c];
            whole[i] = all;
        }
        return whole;
    }

    private static int[] byPreorder(IndexedTree t) {
        int[] out = new int[t.size];
        for (int i = 0; i < t.size; i++) out[t.preorder[i]] = i;
        return out;
    }

    private void pairMoves(NodeCosts anchors) {
        boolean[] goneFrom = wholeUnmapped(a, mapping, null), newTo = wholeUnmapped(b, inverse, null);
        Map<Integer, List<Integer>> candidates = new HashMap<>();
        for (int i : byPreorder(a)) if (goneFrom[i]) candidates.computeIfAbsent(a.contentId[i], k -> new ArrayList<>()).add(i);
        boolean[] usedBelow = new boolean[a.size];
        int[] order = byPreorder(b);
        for (int p = 0; p < order.length; p++) {
            int t = order[p];
            if (!newTo[t] || inMoveTo[t]) continue;
            int s = -1;
            int anchor = anchors.anchorOfTo(t);
            if (anchor >= 0 && free(anchor, goneFrom, usedBelow) && a.contentId[anchor] == b.contentId[t]) s = anchor;
            for (int candidate : candidates.getOrDefault(b.contentId[t], List.of())) {
                if (s >= 0) break;
                if (free(candidate, goneFrom, usedBelow)) s = candidate;
            }
            if (s < 0) continue;
            movedFrom[s] = t;
            movedTo[t] = s;
            for (int k = a.leftmost[s]; k <= s; k++) inMoveFrom[k] = true;
            for (int k = b.leftmost[t]; k <= t; k++) inMoveTo[k] = true;
            for (int up = a.parent[s]; up >= 0 && !usedBelow[up]; up = a.parent[up]) usedBelow[up] = true;
        }
    }

    private boolean free(int s, boolean[] goneFrom, boolean[] usedBelow) {
        return goneFrom[s] && !inMoveFrom[s] && !usedBelow[s];
    }

    private void collect() {
        boolean[] goneFrom = wholeUnmapped(a, mapping, inMoveFrom), newTo = wholeUnmapped(b, inverse, inMoveTo);
        for (int i = 0; i < a.size; i++) {
            int j = mapping[i];
            if (j >= 0) {
                List<PropertyChange> changes = changes(a.node[i].props(), b.node[j].props());
                if (a.opId[i] != b.opId[j]) add(Kind.REPLACED, i, j, changes);
                else if (!changes.isEmpty()) add(Kind.CHANGED, i, j, changes);
                reordered(i, j);
            } else if (movedFrom[i] >= 0) {
                add(Kind.MOVED, i, movedFrom[i], List.of());
            } else if (!inMoveFrom[i] && !(a.parent[i] >= 0 && goneFrom[a.parent[i]])) {
                add(Kind.REMOVED, i, -1, changes(a.node[i].props(), Map.of()));
            }
        }
        for (int j = 0; j < b.size; j++) {
            if (inverse[j] < 0 && !inMoveTo[j] && !(b.parent[j] >= 0 && newTo[b.parent[j]])) {
                add(Kind.ADDED, -1, j, changes(Map.of(), b.node[j].props()));
            }
        }
    }

    /** Mapped children of a mapped pair whose order among the carried-over siblings changed are MOVED too. */
    private void reordered(int p, int q) {
        int[] kidsA = a.kids[p];
        if (kidsA.length < 2) return;
        List<int[]> carried = new ArrayList<>();
        for (int c : kidsA) {
            int partner = mapping[c] >= 0 ? mapping[c] : movedFrom[c];
            if (partner >= 0 && b.parent[partner] == q) carried.add(new int[] {c, partner});
        }
        int[] positions = carried.stream().mapToInt(pair -> b.childIndex[pair[1]]).toArray();
        int[] sorted = positions.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < positions.length; k++) {
            int c = carried.get(k)[0];
            if (positions[k] != sorted[k] && mapping[c] >= 0) add(Kind.MOVED, c, mapping[c], List.of());
        }
    }

    private static List<PropertyChange> changes(Map<String, JsonNode> from, Map<String, JsonNode> to) {
        TreeSet<String> keys = new TreeSet<>(from.keySet());
        keys.addAll(to.keySet());
        List<PropertyChange> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(from.get(k), to.get(k))) out.add(new PropertyChange(k, from.get(k), to.get(k)));
        }
        return out;
    }

    private void add(Kind kind, int i, int j, List<PropertyChange> changes) {
        boolean indexLast = kind == Kind.MOVED;
        String fromOp = i >= 0 ? a.node[i].op() : null, toOp = j >= 0 ? b.node[j].op() : null;
        TreeEdit edit = new TreeEdit(kind, toOp != null ? toOp : fromOp, fromOp, toOp,
                i >= 0 ? a.path(i, indexLast) : null, j >= 0 ? b.path(j, indexLast) : null, changes);
        if (j >= 0) {
            edits.add(new Sorted(edit, b.preorder[j], 0, 0));
            return;
        }
        // A removed node sorts right after the edits of its nearest aligned ancestor's image, then by from position.
        int up = a.parent[i];
        while (up >= 0 && mapping[up] < 0) up = a.parent[up];
        edits.add(new Sorted(edit, up < 0 ? -1 : b.preorder[mapping[up]], 1, a.preorder[i]));
    }
}
