package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.FidelityChange;
import dev.planprovenance.service.api.model.FidelityDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Round-trip outcomes per encoding ({@code roundtrip}: {encoding: {status}} of the plans document) that changed. */
final class SerializationDiff {
    private SerializationDiff() {}

    static FidelityDrift diff(JsonNode fromPlans, JsonNode toPlans) {
        if (!Json.present(fromPlans) || !Json.present(toPlans)) {
            return new FidelityDrift(DriftStatus.UNAVAILABLE, List.of());
        }
        Map<String, JsonNode> a = Json.fields(fromPlans.path("roundtrip"));
        Map<String, JsonNode> b = Json.fields(toPlans.path("roundtrip"));
        TreeSet<String> encodings = new TreeSet<>(a.keySet());
        encodings.addAll(b.keySet());
        List<FidelityChange> changes = new ArrayList<>();
        for (String encoding : encodings) {
            String old = a.containsKey(encoding) ? Json.text(a.get(encoding).path("status")) : null;
            String now = b.containsKey(encoding) ? Json.text(b.get(encoding).path("status")) : null;
            if (!Objects.equals(old, now)) changes.add(new FidelityChange(encoding).from(old).to(now));
        }
        return new FidelityDrift(changes.isEmpty() ? DriftStatus.UNCHANGED : DriftStatus.CHANGED, changes);
    }
}
