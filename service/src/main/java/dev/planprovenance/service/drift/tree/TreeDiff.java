package dev.planprovenance.service.drift.tree;

import java.util.List;

/**
 * The difference between two plan trees. {@code distance} is the cost of the alignment the edits come from (delete
 * and insert 1, op change 1, props-only change ≤ 0.5; see {@link NodeCosts}); {@code fromNodes}/{@code toNodes}
 * are the operator counts, so a caller can normalise the distance.
 */
public record TreeDiff(List<TreeEdit> edits, double distance, int fromNodes, int toNodes) {

    public TreeDiff {
        edits = List.copyOf(edits);
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }
}
