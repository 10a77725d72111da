package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.ConfigChange;
import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.PlanningEnvDrift;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Config keys whose value differs between two planning-env documents ({@code config}: every key → value). A key
 * shapes plans when either document lists it in {@code plan_shaping_keys} (the keys the planning_env_hash covers);
 * the others are display-only or resource settings and cannot change a plan.
 */
final class PlanningEnvDiff {
    private PlanningEnvDiff() {}

    static PlanningEnvDrift diff(JsonNode from, JsonNode to) {
        if (!Json.present(from) || !Json.present(to)) return new PlanningEnvDrift(DriftStatus.UNAVAILABLE, List.of());
        if (from == to) return new PlanningEnvDrift(DriftStatus.UNCHANGED, List.of());
        Map<String, JsonNode> a = Json.fields(from.path("config"));
        Map<String, JsonNode> b = Json.fields(to.path("config"));
        Set<String> shaping = new HashSet<>(Json.strings(from.path("plan_shaping_keys")));
        shaping.addAll(Json.strings(to.path("plan_shaping_keys")));
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<ConfigChange> changes = new ArrayList<>();
        for (String key : keys) {
            String old = Json.text(a.get(key));
            String now = Json.text(b.get(key));
            if (Objects.equals(old, now) && a.containsKey(key) == b.containsKey(key)) continue;
            changes.add(new ConfigChange(key, shaping.contains(key)).from(old).to(now));
        }
        return new PlanningEnvDrift(changes.isEmpty() ? DriftStatus.UNCHANGED : DriftStatus.CHANGED, changes);
    }
}
