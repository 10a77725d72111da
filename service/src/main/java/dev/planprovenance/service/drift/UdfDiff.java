package dev.planprovenance.service.drift;

import dev.planprovenance.service.api.model.DriftStatus;
import dev.planprovenance.service.api.model.PropertyChange;
import dev.planprovenance.service.api.model.UdfChange;
import dev.planprovenance.service.api.model.UdfDrift;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Functions added, removed and changed between two UDF catalogs ({@code functions}: {name: {kind, aliases,
 * signature{volatility, type_signature, parameter_names}, return_type, hooks, async_settings, ...}}). Only what can
 * change how a call plans is compared; documentation is not.
 */
final class UdfDiff {
    private static final Map<String, Function<JsonNode, JsonNode>> PROPERTIES = properties();

    private UdfDiff() {}

    static UdfDrift diff(JsonNode from, JsonNode to) {
        if (!Json.present(from) || !Json.present(to)) {
            return new UdfDrift(DriftStatus.UNAVAILABLE, List.of(), List.of(), List.of());
        }
        // One document (the loader shares equal content): nothing to walk.
        if (from == to) return new UdfDrift(DriftStatus.UNCHANGED, List.of(), List.of(), List.of());
        Map<String, JsonNode> a = Json.fields(from.path("functions"));
        Map<String, JsonNode> b = Json.fields(to.path("functions"));
        List<String> added = b.keySet().stream().filter(f -> !a.containsKey(f)).sorted().toList();
        List<String> removed = a.keySet().stream().filter(f -> !b.containsKey(f)).sorted().toList();
        List<UdfChange> changed = new ArrayList<>();
        for (String name : a.keySet().stream().filter(b::containsKey).sorted().toList()) {
            List<PropertyChange> properties = new ArrayList<>();
            PROPERTIES.forEach((property, read) -> {
                JsonNode old = read.apply(a.get(name));
                JsonNode now = read.apply(b.get(name));
                if (!Objects.equals(old, now)) {
                    PropertyChange change = new PropertyChange(property);
                    if (Json.present(old)) change.setFrom(old);
                    if (Json.present(now)) change.setTo(now);
                    properties.add(change);
                }
            });
            if (!properties.isEmpty()) changed.add(new UdfChange(name, properties));
        }
        boolean any = !added.isEmpty() || !removed.isEmpty() || !changed.isEmpty();
        return new UdfDrift(any ? DriftStatus.CHANGED : DriftStatus.UNCHANGED, added, removed, changed);
    }

    private static Map<String, Function<JsonNode, JsonNode>> properties() {
        Map<String, Function<JsonNode, JsonNode>> p = new LinkedHashMap<>();
        p.put("kind", f -> f.path("kind"));
        p.put("volatility", f -> f.path("signature").path("volatility"));
        p.put("signature", f -> f.path("signature").path("type_signature"));
        p.put("parameter_names", f -> f.path("signature").path("parameter_names"));
        p.put("return_type", f -> f.path("return_type"));
        p.put("hooks", f -> f.path("hooks"));
        p.put("aliases", f -> f.path("aliases"));
        p.put("async_settings", f -> f.path("async_settings"));
        return p;
    }
}
