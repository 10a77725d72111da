package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.PlanTreeDrift;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The logical or physical plan tree of two plan-tree documents ({@code {"version", "logical", "physical",
 * "plan_tree_hash"}}) compared: unavailable when a capture has no plan-tree (captured before the component
 * existed).
 */
final class PlanTreeDrifts {
    static final String COMPONENT = "plan-tree";

    private PlanTreeDrifts() {}

    static PlanTreeDrift diff(JsonNode fromTree, JsonNode toTree, String side) {
        if (!Json.present(fromTree) || !Json.present(toTree)) {
            return new PlanTreeDrift(DriftStatus.UNAVAILABLE, List.of());
        }
        JsonNode a = fromTree.path(side);
        JsonNode b = toTree.path(side);
        // TODO(tree-diff): edits, distance and pattern from PlanTreeDiff/EditPattern once branch tree-diff lands.
        return new PlanTreeDrift(a.equals(b) ? DriftStatus.UNCHANGED : DriftStatus.CHANGED, List.of());
    }
}
