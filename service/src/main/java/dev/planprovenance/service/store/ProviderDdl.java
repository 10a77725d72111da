package dev.planprovenance.service.store;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The provider DDL the engine reported in the schema document: {@code tables} is an array of
 * {@code {"table", "describe", "provider", "schema_source", "ddl", ...}}; {@code ddl} is null for providers without
 * a definition (Parquet listings, schema-only tables) and the view's SQL for views.
 */
final class ProviderDdl {
    private ProviderDdl() {}

    static Map<String, String> of(JsonNode schema) {
        Map<String, String> ddl = new TreeMap<>();
        for (JsonNode table : schema.path("tables")) {
            JsonNode name = table.path("table");
            JsonNode text = table.path("ddl");
            if (name.isString() && text.isString()) ddl.put(name.asString(), text.asString());
        }
        return ddl;
    }
}
