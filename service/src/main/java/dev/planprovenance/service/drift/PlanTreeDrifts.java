package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.EditPatternRef;
import dev.planprovenance.service.api.model.PlanTreeDrift;
import dev.planprovenance.service.api.model.PropertyChange;
import dev.planprovenance.service.api.model.TreeEdit;
import dev.planprovenance.service.drift.tree.EditPattern;
import dev.planprovenance.service.drift.tree.PlanTreeDiff;
import dev.planprovenance.service.drift.tree.TreeDiff;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The logical or physical plan tree of two plan-tree documents ({@code {"version", "logical", "physical",
 * "plan_tree_hash"}}) aligned by {@link PlanTreeDiff}: the operator edits, their distance and the edit pattern that
 * groups plans changed the same way. Unavailable when a capture has no plan-tree (captured before it existed).
 */
final class PlanTreeDrifts {
    static final String COMPONENT = "plan-tree";

    private PlanTreeDrifts() {}

    static PlanTreeDrift diff(JsonNode fromTree, JsonNode toTree, String side) {
        JsonNode a = fromTree.path(side);
        JsonNode b = toTree.path(side);
        if (!Json.present(a) || !Json.present(b)) return new PlanTreeDrift(DriftStatus.UNAVAILABLE, List.of());
        if (a == b) return new PlanTreeDrift(DriftStatus.UNCHANGED, List.of()).distance(0.0);
        // A declared row count is compared in the statistics component; here it would make every statistics
        // change a plan change (see ScanStatistics).
        TreeDiff diff = PlanTreeDiff.diff(ScanStatistics.maskedTree(a), ScanStatistics.maskedTree(b));
        PlanTreeDrift drift = new PlanTreeDrift(diff.isEmpty() ? DriftStatus.UNCHANGED : DriftStatus.CHANGED,
                diff.edits().stream().map(PlanTreeDrifts::edit).toList())
                .distance(diff.distance()).fromNodes(diff.fromNodes()).toNodes(diff.toNodes());
        if (!diff.isEmpty()) {
            EditPattern pattern = EditPattern.of(diff);
            drift.setPattern(new EditPatternRef(pattern.key(), pattern.description()));
        }
        return drift;
    }

    private static TreeEdit edit(dev.planprovenance.service.drift.tree.TreeEdit edit) {
        TreeEdit api = new TreeEdit(TreeEdit.KindEnum.fromValue(edit.kind().name().toLowerCase(java.util.Locale.ROOT)),
                edit.op(), edit.describe())
                .fromOp(edit.fromOp()).toOp(edit.toOp()).fromPath(edit.fromPath()).toPath(edit.toPath());
        api.setChanges(edit.changes().stream().map(c -> {
            PropertyChange change = new PropertyChange(c.property());
            if (c.from() != null && !c.from().isMissingNode()) change.setFrom(c.from());
            if (c.to() != null && !c.to().isMissingNode()) change.setTo(c.to());
            return change;
        }).toList());
        return api;
    }
}
