package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.RuleMove;
import dev.planprovenance.service.api.model.RulepackDrift;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Rules added, removed and moved per stage between two rulepack documents. Rules are aligned by (name,
 * occurrence) since a stage may run a rule twice (the physical optimizer runs ProjectionPushdown more than once);
 * a rule in both lists that is off the longest common order moved. Positions are 0-based list indices.
 */
final class RulepackDiff {
    private RulepackDiff() {}

    static RulepackDrift diff(JsonNode from, JsonNode to) {
        if (!Json.present(from) || !Json.present(to)) {
            return new RulepackDrift(DriftStatus.UNAVAILABLE, List.of(), List.of(), List.of());
        }
        if (from == to) {
            List<String> disabled = Json.strings(from.path("disabled"));
            return new RulepackDrift(DriftStatus.UNCHANGED, List.of(), List.of(), List.of()).disabledFrom(disabled)
                    .disabledTo(disabled);
        }
        List<RuleMove> added = new ArrayList<>();
        List<RuleMove> removed = new ArrayList<>();
        List<RuleMove> moved = new ArrayList<>();
        for (RuleMove.StageEnum stage : RuleMove.StageEnum.values()) {
            List<String> a = Alignment.occurrences(Json.strings(from.path(stage.getValue())));
            List<String> b = Alignment.occurrences(Json.strings(to.path(stage.getValue())));
            Map<String, Integer> inTo = index(b);
            Map<String, Integer> inFrom = index(a);
            for (Alignment.Step step : Alignment.merge(a, b)) {
                if (step.both()) continue;
                if (step.from() >= 0) {
                    String key = a.get(step.from());
                    Integer elsewhere = inTo.get(key);
                    if (elsewhere == null) {
                        removed.add(new RuleMove(stage, Alignment.name(key)).fromPosition(step.from()));
                    } else {
                        moved.add(new RuleMove(stage, Alignment.name(key)).fromPosition(step.from())
                                .toPosition(elsewhere));
                    }
                } else if (!inFrom.containsKey(b.get(step.to()))) {
                    added.add(new RuleMove(stage, Alignment.name(b.get(step.to()))).toPosition(step.to()));
                }
            }
        }
        List<String> disabledFrom = Json.strings(from.path("disabled"));
        List<String> disabledTo = Json.strings(to.path("disabled"));
        boolean changed = !added.isEmpty() || !removed.isEmpty() || !moved.isEmpty()
                || !disabledFrom.equals(disabledTo);
        return new RulepackDrift(changed ? DriftStatus.CHANGED : DriftStatus.UNCHANGED, added, removed, moved)
                .disabledFrom(disabledFrom).disabledTo(disabledTo);
    }

    private static Map<String, Integer> index(List<String> keys) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) index.put(keys.get(i), i);
        return index;
    }
}
