package dev.planprovenance.service.drift.tree;

import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/** One property of an operator that differs: {@code from} / {@code to} are null where the property is absent. */
public record PropertyChange(String property, JsonNode from, JsonNode to) {

    /** {@code mode Partitioned → CollectLeft}, {@code filters [a > 5] → []}. */
    public String describe() {
        return property + " " + render(from) + " \u2192 " + render(to);
    }

    /** A value as a person reads it: strings unquoted, lists in brackets, absent as {@code (none)}. */
    static String render(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return "(none)";
        if (value.isString()) return value.stringValue();
        if (value.isArray()) {
            StringJoiner out = new StringJoiner(", ", "[", "]");
            for (JsonNode element : value) out.add(render(element));
            return out.toString();
        }
        return value.toString();
    }
}
