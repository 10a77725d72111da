package dev.planprovenance.service.audit;

import dev.planprovenance.service.api.model.AuditValue;
import dev.planprovenance.service.api.model.StabilityLabel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Labels each name (a component or a hash) stable when every capture had the same value for it, unstable otherwise,
 * with each distinct value and the captures that had it. A name some capture lacks counts as a value of its own
 * ("absent"): a component that appears only sometimes is not deterministic either.
 */
final class StabilityLabels {
    static final String ABSENT = "absent";

    private StabilityLabels() {}

    /** {@code observed}: per capture, in capture order, its value of every name. */
    static List<StabilityLabel> of(LinkedHashMap<UUID, Map<String, String>> observed) {
        TreeSet<String> names = new TreeSet<>();
        observed.values().forEach(values -> names.addAll(values.keySet()));
        List<StabilityLabel> labels = new ArrayList<>();
        for (String name : names) {
            Map<String, List<UUID>> byValue = new LinkedHashMap<>();
            observed.forEach((capture, values) ->
                    byValue.computeIfAbsent(values.getOrDefault(name, ABSENT), v -> new ArrayList<>()).add(capture));
            StabilityLabel label = new StabilityLabel();
            label.setName(name);
            label.setStatus(byValue.size() == 1 ? StabilityLabel.StatusEnum.STABLE : StabilityLabel.StatusEnum.UNSTABLE);
            byValue.forEach((value, captures) -> {
                AuditValue v = new AuditValue();
                v.setValue(value);
                v.setCaptureIds(captures);
                label.addValuesItem(v);
            });
            labels.add(label);
        }
        return labels;
    }

    static boolean allStable(List<StabilityLabel> labels) {
        return labels.stream().allMatch(l -> l.getStatus() == StabilityLabel.StatusEnum.STABLE);
    }

    /** Sorted copy, so a label list compares as a map would. */
    static Map<String, StabilityLabel> byName(List<StabilityLabel> labels) {
        Map<String, StabilityLabel> out = new TreeMap<>();
        labels.forEach(l -> out.put(l.getName(), l));
        return out;
    }
}
