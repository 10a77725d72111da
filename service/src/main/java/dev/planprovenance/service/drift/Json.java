package dev.planprovenance.service.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Small readers over component documents shared by the calculators (documents may lack any field). */
final class Json {
    private Json() {}

    /** A scalar as text (null for null or missing); containers as their JSON text. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return null;
        return node.isValueNode() ? node.asString() : node.toString();
    }

    /** The fields of an object in document order (empty for anything else). */
    static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) node.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static List<JsonNode> elements(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node != null && node.isArray()) node.forEach(out::add);
        return out;
    }

    static List<String> strings(JsonNode node) {
        return elements(node).stream().map(Json::text).toList();
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }
}
