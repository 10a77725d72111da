package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.FidelityChange;
import dev.planprovenance.service.api.model.FidelityDifference;
import dev.planprovenance.service.api.model.FidelityDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Round-trip outcomes per encoding ({@code roundtrip}: {encoding: {status, difference?}} of the plans document) that
 * changed, each with where the {@code to} capture's canonical forms differ when its round trip differs.
 */
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
            if (!Objects.equals(old, now)) {
                FidelityChange change = new FidelityChange(encoding).from(old).to(now);
                if (b.containsKey(encoding)) change.setDifference(differences(b.get(encoding).path("difference")));
                changes.add(change);
            }
        }
        return new FidelityDrift(changes.isEmpty() ? DriftStatus.UNCHANGED : DriftStatus.CHANGED, changes);
    }

    /** The recorded difference ({@code [{path, before, after}]}); null (absent) when none was recorded. */
    private static List<FidelityDifference> differences(JsonNode recorded) {
        List<JsonNode> items = Json.elements(recorded);
        if (items.isEmpty()) return null;
        return items.stream().map(d -> new FidelityDifference(Json.text(d.path("path")))
                .before(Json.text(d.path("before"))).after(Json.text(d.path("after")))).toList();
    }
}
